"""What programs adds to a person's account (coalition.accounts): their applications on /me/
(with the certificate once earned), in "download my data", and untied when the account goes."""

from django.dispatch import receiver

from coalition import accounts
from programs.selectors import applications_of
from programs.services import applications_forget

MY_APPLICATIONS_SHOWN = 20


def my_applications(request) -> dict:
    return {"applications": applications_of(user=request.user)[:MY_APPLICATIONS_SHOWN]}


def applications_data(*, user, addresses):
    for application in applications_of(user=user).order_by("created_at", "id"):
        yield {
            "program": application.call.program.name,
            "call": application.call.title,
            "name": application.name,
            "email": application.email,
            "language": application.language,
            "answers": application.answers,
            "status": application.status,
            "started": application.created_at,
            "submitted": application.submitted_at,
            "decided": application.decided_at,
            "decision_reason": application.decision_reason,
        }


@receiver(accounts.user_deleting, dispatch_uid="programs.forget_the_person")
def forget_the_person(sender, user, **kwargs) -> dict:
    untied = applications_forget(user=user)
    return {"applications_untied": untied} if untied else {}


def register() -> None:
    accounts.section(template="programs/_my_applications.html", context=my_applications, order=35)
    accounts.data(key="program_applications", rows=applications_data, order=45)
