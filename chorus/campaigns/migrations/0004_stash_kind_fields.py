"""Before the kinds get their own tables: the fields that move to them are renamed here, so the
kinds' models can take their names while the values wait to be copied (0005_split_kinds)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_campaignpage_joint_letter_enabled_and_more'),
    ]

    operations = [
        migrations.RenameField('campaignpage', 'joint_letter_text', 'joint_letter_text_old'),
        migrations.RenameField('campaignpage', 'joint_letter_recipient', 'joint_letter_recipient_old'),
        migrations.RenameField('campaignpage', 'signing_closes_at', 'signing_closes_at_old'),
        migrations.RenameField('campaignpage', 'joint_letter_individuals', 'joint_letter_individuals_old'),
        migrations.RenameField('campaignpage', 'letter_subject', 'letter_subject_old'),
        migrations.RenameField('campaignpage', 'letter_salutation', 'letter_salutation_old'),
        migrations.RenameField('campaignpage', 'letter_body', 'letter_body_old'),
        migrations.RenameField('campaignpage', 'letter_closing', 'letter_closing_old'),
        migrations.RenameField('campaignpage', 'letter_editable', 'letter_editable_old'),
        migrations.RenameField('campaignpage', 'letter_ask_email', 'letter_ask_email_old'),
        migrations.RenameField('campaignpage', 'letter_ask_city', 'letter_ask_city_old'),
        migrations.RenameField('campaignpage', 'letter_ask_country', 'letter_ask_country_old'),
        migrations.RenameField('campaignpage', 'letter_ask_personal', 'letter_ask_personal_old'),
        migrations.RenameField('campaignpage', 'letter_send_for_me', 'letter_send_for_me_old'),
        migrations.RenameField('campaignpage', 'letter_ask_updates', 'letter_ask_updates_old'),
        migrations.RenameField('campaignpage', 'petition_ask_display_name', 'petition_ask_display_name_old'),
        migrations.RenameField('campaignpage', 'petition_ask_comment', 'petition_ask_comment_old'),
    ]
