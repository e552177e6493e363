from allauth.account.adapter import DefaultAccountAdapter

from coalition.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through the outbox, so Celery delivers them."""

    def send_mail(self, template_prefix, email, context):
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
