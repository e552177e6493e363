"""The demo's draft open for comment: one example, tied to Brown's Promise's milestone, with
example comments only on it; --facts-only loads none of it."""

from django.core.management import call_command

from consultations.models import Comment, Document


def test_the_example_draft_is_open_on_the_milestone_with_example_comments(load_demo, client):
    load_demo()
    load_demo()  # twice: the same rows

    document = Document.objects.get()
    assert document.is_example and document.is_open
    assert document.title.startswith("Example of a draft open for comment")
    assert document.title_es.startswith("Ejemplo de un borrador")
    assert document.milestone.title == "Publish the draft policy agenda for community comment"
    assert document.initiative.slug == "browns-promise-massachusetts"
    assert document.host.name == "Brown's Promise"
    assert document.sections.count() == 2
    assert Comment.objects.count() == 3
    assert set(Comment.objects.values_list("document", flat=True)) == {document.pk}
    assert all(
        c.text.startswith(("Example comment", "Comentario de ejemplo"))
        for c in Comment.objects.all()
    )

    page = client.get(document.get_absolute_url()).content.decode()
    assert "Example comment: please say which policies" in page
    assert "en espera de aprobación" not in page  # the pending one waits for a lead
    assert 'class="badge badge--example"' in page
    initiative = client.get(document.initiative.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in initiative

    call_command("load_demo", "--facts-only", verbosity=0)
    assert not Document.objects.exists() and not Comment.objects.exists()
