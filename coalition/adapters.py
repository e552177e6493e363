from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from coalition.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through the outbox, so Celery delivers them."""

    def send_mail(self, template_prefix, email, context):
        # The same context allauth's own send_mail gives its templates: without "email" and
        # "current_site" the unknown-account email names no address and no site.
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        msg = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(msg, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        email_queue(to=msg.to, subject=msg.subject, body=msg.body, html_body=html)
