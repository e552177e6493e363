from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.translation import in_language
from coalition.validators import LONG_TEXT


class Community(models.Model):
    """A city, town or neighborhood where the network works and listens: Lynn, Springfield,
    Holyoke, Boston… Events, suggested places and sites point to one; organizations name
    those they work in."""

    class Kind(models.TextChoices):
        CITY = "city", _("City or town")
        NEIGHBORHOOD = "neighborhood", _("Neighborhood")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="neighborhoods",
        help_text=_("The city a neighborhood belongs to."),
    )
    state = models.CharField(_("state"), max_length=2, default="MA")
    listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_(
            "Shown on the communities pages and offered in forms and filters. A town someone "
            "suggests that the network does not know yet waits unlisted until a lead reviews it."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = [in_language("name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})
