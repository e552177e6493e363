"""What following communities adds to a person's account (coalition.accounts): their follows
on /me/ (to change what they hear about, or stop), in "download my data", and forgotten with
the account."""

from django.dispatch import receiver

from coalition import accounts
from coalition.selectors import verified_addresses_of_request
from communities.forms import TOPICS, TopicsForm
from communities.models import Follow
from communities.selectors import follows_of


def my_follows(request) -> dict:
    addresses = verified_addresses_of_request(request)
    follows = list(
        follows_of(user=request.user, addresses=addresses).order_by("community__slug", "id")
    )
    for follow in follows:
        chosen = [name for name, _label in TOPICS if getattr(follow, name)]
        follow.topics_form = TopicsForm(
            initial={"topics": chosen}, auto_id=f"id_follow{follow.pk}_%s"
        )
    return {"follows": follows}


def follows_data(*, user, addresses):
    for follow in follows_of(user=user, addresses=addresses).order_by("created_at", "id"):
        yield {
            "community": follow.community.name if follow.community else "",
            "newsletter": follow.is_newsletter,
            "email": follow.email,
            "name": follow.name,
            "language": follow.language,
            "new_sessions": follow.new_sessions,
            "answers_to_what_was_heard": follow.answers,
            "asked": follow.created_at,
            "confirmed": follow.confirmed_at,
        }


@receiver(accounts.user_deleting, dispatch_uid="communities.forget_the_follower")
def forget_the_follower(sender, user, **kwargs) -> dict:
    """A follow is nothing without its address: it goes with the account; the audit row
    counts them, if any."""
    deleted, _counts = Follow.objects.filter(
        pk__in=list(follows_of(user=user).values_list("pk", flat=True))
    ).delete()
    return {"follows_deleted": deleted} if deleted else {}


def register() -> None:
    accounts.section(
        template="communities/_my_follows.html", context=my_follows, order=30, forms=True
    )
    accounts.data(key="community_follows", rows=follows_data, order=30)
