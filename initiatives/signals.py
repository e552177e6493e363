"""Keeps each initiative's `partner_count` true: every write to a partnership, or to an
organization (approved or not), recounts the initiatives it touches. Connected in
`InitiativesConfig.ready()`, since partners may not import initiatives."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from initiatives import services
from initiatives.models import Initiative, InitiativePartner
from partners.models import Organization


@receiver(post_save, sender=InitiativePartner, dispatch_uid="initiatives.partnership_saved")
def partnership_saved(sender, instance, created, **kwargs):
    # A partnership edited may have moved from another initiative: all are checked.
    services.initiative_partners_recount(initiatives=[instance.initiative_id] if created else None)


@receiver(post_delete, sender=InitiativePartner, dispatch_uid="initiatives.partnership_deleted")
def partnership_deleted(sender, instance, **kwargs):
    services.initiative_partners_recount(initiatives=[instance.initiative_id])


@receiver(
    m2m_changed, sender=Initiative.partners.through, dispatch_uid="initiatives.partners_changed"
)
def partners_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        services.initiative_partners_recount()


@receiver(post_save, sender=Organization, dispatch_uid="initiatives.organization_saved")
def organization_saved(sender, instance, created, **kwargs):
    if not created:  # a new organization has no partnerships yet
        services.initiative_partners_recount(
            initiatives=InitiativePartner.objects.filter(organization=instance).values(
                "initiative_id"
            )
        )
