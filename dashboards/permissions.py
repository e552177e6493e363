"""Who may see the dashboards. An organization's own dashboard is asked of partners
(`partners.view_dashboard`: its staff and the leads), which knows who works where."""

import rules

from coalition.permissions import is_lead

rules.add_perm("dashboards.view_network", is_lead)
# Figures computed again now, on a lead's asking (the "Refresh figures now" button).
rules.add_perm("dashboards.refresh_snapshot", is_lead)
