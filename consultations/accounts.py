"""What consultations adds to a person's account (coalition.accounts): the comments they sent
while signed in, in "download my data", and deleted with the account."""

from django.dispatch import receiver

from coalition import accounts
from consultations.selectors import comments_of
from consultations.services import comments_forget


def comments_data(*, user, addresses):
    for comment in comments_of(user=user).order_by("created_at", "id"):
        yield {
            "document": comment.document.title,
            "section": comment.section.heading if comment.section else None,
            "name": comment.name,
            "email": comment.email,
            "language": comment.language,
            "text": comment.text,
            "status": comment.status,
            "sent": comment.created_at,
            "confirmed": comment.confirmed_at,
        }


@receiver(accounts.user_deleting, dispatch_uid="consultations.forget_the_person")
def forget_the_person(sender, user, **kwargs) -> dict:
    """The comments sent signed in go with the account; the audit row counts them, if any."""
    deleted = comments_forget(user=user)
    return {"comments_deleted": deleted} if deleted else {}


def register() -> None:
    accounts.data(key="comments_on_drafts", rows=comments_data, order=50)
