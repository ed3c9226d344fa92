"""Every action kind becomes its own page type.

Each campaign page gets a row in its kind's table (petitions, letters, joint letters) with
the fields that moved there, and its content type changes to the kind's, in the page, its
revisions (and the content type stored in their JSON), its log entries, the reference and
search indexes, and wagtail-localize's translation sources. Page ids do not change, so
actions, counts, translations and URLs stay as they were. A page that collected nothing
stays a plain campaign page. Reversible.
"""

import json

from django.db import migrations

FLAGS = ("petition_enabled", "letters_enabled", "joint_letter_enabled")
# (app label, model name, the flag that meant this kind, the fields that move), in the order a
# page with several flags is decided (the petition flag was on by default).
KINDS = (
    (
        "jointletters",
        "jointletterpage",
        "joint_letter_enabled",
        ("joint_letter_text", "joint_letter_recipient", "signing_closes_at", "joint_letter_individuals"),
    ),
    (
        "letters",
        "lettercampaignpage",
        "letters_enabled",
        (
            "letter_subject",
            "letter_salutation",
            "letter_body",
            "letter_closing",
            "letter_editable",
            "letter_ask_email",
            "letter_ask_city",
            "letter_ask_country",
            "letter_ask_personal",
            "letter_send_for_me",
            "letter_ask_updates",
        ),
    ),
    ("petitions", "petitionpage", "petition_enabled", ("petition_ask_display_name", "petition_ask_comment")),
)
MOVED = {field for _app, _model, _flag, fields in KINDS for field in fields}


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _retype(apps, page, old, new, drop=(), add=None):
    """Point everything that names the page's specific type at `new` instead of `old`."""
    apps.get_model("wagtailcore", "Page").objects.filter(pk=page.pk).update(content_type=new)
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(object_id=str(page.pk), content_type=old):
        content = dict(revision.content)
        content["content_type"] = new.pk
        for key in drop:
            content.pop(key, None)
        content.update(add or {})
        revision.content_type = new
        revision.content = content
        revision.save(update_fields=["content_type", "content"])
    apps.get_model("wagtailcore", "PageLogEntry").objects.filter(page_id=page.pk, content_type=old).update(
        content_type=new
    )
    apps.get_model("wagtailcore", "ReferenceIndex").objects.filter(object_id=str(page.pk), content_type=old).update(
        content_type=new
    )
    apps.get_model("wagtailsearch", "IndexEntry").objects.filter(object_id=str(page.pk), content_type=old).update(
        content_type=new
    )
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(object_id=page.translation_key, specific_content_type=old):
        content = json.loads(source.content_json)
        content["content_type"] = new.pk
        for key in drop:
            content.pop(key, None)
        content.update(add or {})
        source.specific_content_type = new
        source.content_json = json.dumps(content, cls=_Encoder)
        source.save(update_fields=["specific_content_type", "content_json"])


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return str(o)


def split(apps, schema_editor):
    CampaignPage = apps.get_model("campaigns", "CampaignPage")
    base = _content_type(apps, "campaigns", "campaignpage")
    for page in CampaignPage.objects.filter(content_type=base).order_by("pk"):
        for app_label, model_name, flag, fields in KINDS:
            if getattr(page, flag):
                break
        else:
            continue  # collected nothing: stays a plain campaign page
        Kind = apps.get_model(app_label, model_name)
        Kind(campaignpage_ptr_id=page.pk, **{field: getattr(page, field + "_old") for field in fields}).save_base(raw=True)
        _retype(apps, page, base, _content_type(apps, app_label, model_name), drop=(*FLAGS, *(MOVED - set(fields))))


def unsplit(apps, schema_editor):
    CampaignPage = apps.get_model("campaigns", "CampaignPage")
    base = _content_type(apps, "campaigns", "campaignpage")
    for app_label, model_name, flag, fields in KINDS:
        Kind = apps.get_model(app_label, model_name)
        kind_type = _content_type(apps, app_label, model_name)
        for child in Kind.objects.all():
            values = {field: getattr(child, field) for field in fields}
            flags = {name: name == flag for name in FLAGS}
            CampaignPage.objects.filter(pk=child.pk).update(**{name + "_old": value for name, value in values.items()}, **flags)
            page = CampaignPage.objects.get(pk=child.pk)
            _retype(apps, page, kind_type, base, add=flags)


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_stash_kind_fields'),
        ('petitions', '0001_initial'),
        ('letters', '0001_initial'),
        ('jointletters', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtail_localize', '0016_rename_page_revision_translationlog_revision'),
        ('wagtailsearch', '0010_add_text_fields'),
    ]

    operations = [
        migrations.RunPython(split, unsplit),
        migrations.RemoveField(
            model_name='campaignpage',
            name='joint_letter_enabled',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='joint_letter_individuals_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='joint_letter_recipient_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='joint_letter_text_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_ask_city_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_ask_country_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_ask_email_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_ask_personal_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_ask_updates_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_body_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_closing_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_editable_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_salutation_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_send_for_me_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letter_subject_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='letters_enabled',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='petition_ask_comment_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='petition_ask_display_name_old',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='petition_enabled',
        ),
        migrations.RemoveField(
            model_name='campaignpage',
            name='signing_closes_at_old',
        ),
    ]
