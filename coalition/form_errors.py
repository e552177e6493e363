"""What a page says after a refused submit: every error of the forms it shows, each with the id
of the control it is about, for the error summary at the top of the page (partials/
error_summary.html) and the "Error:" before its title (base.html).

The forms are found in the template's context whatever the view calls them (`form`,
`invite_form`, `filter`, `themes`...): a form, formset or filterset's form that the view validated
and that has errors. A form the view did not validate (a registration sent to an event that has
closed, say) is not validated here: its errors would be about fields the page does not show.
Nothing else is looked at, and nothing lazy is evaluated to look at it.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.forms import BaseForm, BaseFormSet
from django_filters.filterset import BaseFilterSet

# Django stops a label's suffix at these; a label ending in one is followed by a space only.
_LABEL_ENDINGS = ":?.!"


@dataclass(frozen=True)
class PageError:
    """One error as the summary lists it: a link to `anchor`, saying `text`."""

    anchor: str
    text: str


def whole_form_anchor(form: BaseForm | BaseFormSet) -> str:
    """The id of the box with the errors of a whole form or formset (partials/form_errors.html):
    what the summary links its errors to, and those of its hidden fields."""
    return f"{form.prefix}-errors" if form.prefix else "form-errors"


def whole_form_errors(form: BaseForm | BaseFormSet) -> list[str]:
    """The errors of a whole form (its hidden fields' too: nobody can see those fields), or of a
    formset, as the box at the top of the form shows them."""
    if isinstance(form, BaseFormSet):
        return list(form.non_form_errors()) if form.is_bound else []
    if not form.is_bound:
        return []
    errors = list(form.non_field_errors())
    for field in form.hidden_fields():
        errors.extend(field.errors)
    return errors


def field_anchor(field) -> str:
    """The id to link to for a field: its control's, or, for a group of radio buttons or
    checkboxes, its first option's (the group itself has no control)."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    if not id_:
        return ""
    return widget.id_for_label(id_) or widget.id_for_label(id_, "0")


def _with_label(label, message: str) -> str:
    label = str(label or "").strip()
    if not label:
        return str(message)
    return f"{label}{' ' if label[-1] in _LABEL_ENDINGS else ': '}{message}"


def _form_errors(form: BaseForm) -> Iterator[PageError]:
    box = whole_form_anchor(form)
    for message in whole_form_errors(form):
        yield PageError(anchor=box, text=str(message))
    for field in form.visible_fields():
        for message in field.errors:
            yield PageError(anchor=field_anchor(field), text=_with_label(field.label, message))


def _formset_errors(formset: BaseFormSet) -> Iterator[PageError]:
    box = whole_form_anchor(formset)
    for message in whole_form_errors(formset):
        yield PageError(anchor=box, text=str(message))
    for form in formset.forms:
        yield from _form_errors(form)


def refused_forms(values: Iterable) -> list[BaseForm | BaseFormSet]:
    """The bound forms and formsets among `values` (a filterset stands for its form) that have
    errors, once each, in order."""
    found, seen = [], set()
    for value in values:
        # type(), not isinstance(): a lazy object (the user) would be evaluated by isinstance.
        kind = type(value)
        if issubclass(kind, BaseFilterSet):
            value, kind = value.form, type(value.form)
        if not issubclass(kind, BaseForm | BaseFormSet) or id(value) in seen:
            continue
        seen.add(id(value))
        # Django keeps a form's (and formset's) errors in _errors once it has validated it.
        if not value.is_bound or getattr(value, "_errors", None) is None:
            continue
        has_errors = (
            bool(value.errors)
            if issubclass(kind, BaseForm)
            else bool(value.non_form_errors()) or any(value.errors)
        )
        if has_errors:
            found.append(value)
    return found


def page_errors(values: Iterable) -> list[PageError]:
    """Every error of the refused forms among `values`, whole-form errors first, then field by
    field in the form's order."""
    errors: list[PageError] = []
    for form in refused_forms(values):
        if isinstance(form, BaseFormSet):
            errors.extend(_formset_errors(form))
        else:
            errors.extend(_form_errors(form))
    return errors
