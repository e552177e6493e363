"""The leads' dashboard, computed ahead: one snapshot per filter set in use and language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardSnapshot(models.Model):
    """The panels of one filter set (and page of the paged tables) in one language, as they
    stood at `computed_at` with the data at `stamp` (coalition.versions of the scopes they
    read). The page, the packet, its PDF and the CSV exports all read it, so they agree; a
    periodic task computes it again once the data or the day moved on (dashboards.services)."""

    key = models.CharField(_("key"), max_length=64)  # sha256 of `filters`, normalised
    language = models.CharField(_("language"), max_length=8)
    filters = models.JSONField(_("filters"), default=dict)
    panels = models.JSONField(_("panels"), default=dict)  # the page's (dashboards.snapshot)
    # The board packet's own: every indicator in view, not a page of them. Read by the packet
    # alone, so the page does not load it.
    packet = models.JSONField(_("packet"), default=dict)
    stamp = models.CharField(_("versions stamp"), max_length=200)
    computed_at = models.DateTimeField(_("computed at"))
    last_viewed_at = models.DateTimeField(_("last viewed at"), db_index=True)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"], name="dashboard_snapshot_key_language"
            )
        ]

    def __str__(self):
        return f"{self.key[:12]} ({self.language}) {self.computed_at:%Y-%m-%d %H:%M}"
