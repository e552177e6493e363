"""The text search configurations of the site search (coalition.search), PostgreSQL only:
`coalition_en` and `coalition_es`, copies of English and Spanish whose words go through
`unaccent` before the stemmer, so that accents never matter."""

from django.db import migrations

LANGUAGES = {"en": "english", "es": "spanish"}


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for code, language in LANGUAGES.items():
        name = f"coalition_{code}"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH unaccent, {language}_stem"
        )


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS coalition_{code}")


class Migration(migrations.Migration):
    dependencies = [("coalition", "0006_outbox_headers")]

    operations = [migrations.RunPython(_forwards, _backwards, elidable=False)]
