"""The organisers' roles: Administrator, Campaigner, Moderator, Translator, Member.

The groups and their first permissions come from `chorus.core.roles` (see its docstring);
after this they are data, edited under Settings → Groups. Wagtail's sample groups
"Editors" and "Moderators" go when nobody is in them: beside the roles they would read as
the same thing with other rights (Wagtail's Moderators may publish, our Moderator may not).
Their approval task, if any, passes to the Campaigners, who publish.

Reversing deletes the five groups and gives back empty sample groups with admin access.
"""

from django.db import migrations

from chorus.core.services import install_roles, remove_roles

WAGTAIL_SAMPLE_GROUPS = ("Editors", "Moderators")


def forwards(apps, schema_editor):
    using = schema_editor.connection.alias
    install_roles(apps, using)
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    campaigner = Group.objects.using(using).get(name="Campaigner")
    for group in Group.objects.using(using).filter(name__in=WAGTAIL_SAMPLE_GROUPS, user__isnull=True):
        for task in GroupApprovalTask.objects.using(using).filter(groups=group):
            task.groups.add(campaigner)
        group.delete()


def backwards(apps, schema_editor):
    using = schema_editor.connection.alias
    remove_roles(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access = Permission.objects.using(using).filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in WAGTAIL_SAMPLE_GROUPS:
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*access)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_menu_items"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        # The models whose permissions the roles name, so that their labels are right.
        ("actions", "0003_trend_reports"),
        ("delivery", "0001_initial"),
        ("handover", "0001_initial"),
        ("letters", "0002_targets_from_campaigns"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
