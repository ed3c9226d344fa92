"""The demo petition for `chorus demo`: a petition in six languages with a few dozen signatures,
some of them showing a name or a comment.

Texts were written for this project; names are invented. Idempotent.
"""

from __future__ import annotations

import random

from django.db import transaction
from wagtail.models import Locale, Page

from chorus.actions.services import ConsentGiven, Submission, confirm_action
from chorus.actions.tokens import confirm_token
from chorus.supporters.models import Consent, OrganisationKey

from . import services as petition
from .forms import PETITION_CONSENT_VERSION
from .models import PetitionPage
from .signatures import PetitionSignature

CAMPAIGN = {
    "en": (
        "Safety, not raids",
        "Police raids push workers into danger. Ask the Minister to end them and to listen to the people affected.",
        "Sign: end the raids and meet with workers",
        "<p>Every raid closes a workplace that workers had made safer together. Workers lose their income "
        "and their savings, and are less able to report violence. We ask the Minister of the Interior to end "
        "raids on sex workers' workplaces and to meet with workers' organisations before any new law.</p>",
    ),
    "th": (
        "ความปลอดภัย ไม่ใช่การบุกค้น",
        "การบุกค้นของตำรวจผลักคนทำงานไปสู่อันตราย ขอให้รัฐมนตรียุติการบุกค้นและรับฟังผู้ได้รับผลกระทบ",
        "ลงชื่อ: ยุติการบุกค้นและพบปะกับคนทำงาน",
        "<p>การบุกค้นแต่ละครั้งปิดสถานที่ทำงานที่คนทำงานร่วมกันทำให้ปลอดภัยขึ้น คนทำงานสูญเสียรายได้และเงินเก็บ "
        "และแจ้งเหตุความรุนแรงได้ยากขึ้น เราขอให้รัฐมนตรีว่าการกระทรวงมหาดไทยยุติการบุกค้นสถานที่ทำงานของพนักงานบริการ "
        "และพบปะกับองค์กรของคนทำงานก่อนออกกฎหมายใหม่</p>",
    ),
    "zh-hans": (
        "要安全，不要突击搜查",
        "警方突击搜查把劳动者推向危险。请部长停止搜查，并倾听受影响者的声音。",
        "签名：停止突击搜查，与劳动者会面",
        "<p>每一次突击搜查都会关闭劳动者共同努力变得更安全的工作场所。劳动者失去收入和积蓄，"
        "也更难举报暴力。我们要求内政部长停止对性工作者工作场所的突击搜查，并在制定任何新法律之前与劳动者组织会面。</p>",
    ),
    "zh-hant": (
        "要安全，不要突擊搜查",
        "警方突擊搜查把勞動者推向危險。請部長停止搜查，並傾聽受影響者的聲音。",
        "連署：停止突擊搜查，與勞動者會面",
        "<p>每一次突擊搜查都會關閉勞動者共同努力變得更安全的工作場所。勞動者失去收入和積蓄，"
        "也更難舉報暴力。我們要求內政部長停止對性工作者工作場所的突擊搜查，並在制定任何新法律之前與勞動者組織會面。</p>",
    ),
    "ko": (
        "단속이 아닌 안전을",
        "경찰 단속은 노동자를 위험으로 내몹니다. 장관에게 단속을 멈추고 당사자의 목소리를 들으라고 요구해 주세요.",
        "서명: 단속을 멈추고 노동자를 만나라",
        "<p>단속이 있을 때마다 노동자들이 함께 더 안전하게 만든 일터가 문을 닫습니다. 노동자들은 수입과 저축을 잃고, "
        "폭력을 신고하기도 더 어려워집니다. 우리는 내무부 장관에게 성노동자 일터에 대한 단속을 멈추고, "
        "새로운 법을 만들기 전에 노동자 단체를 만날 것을 요구합니다.</p>",
    ),
    "km": (
        "សុវត្ថិភាព មិនមែនការវាយឆ្មក់",
        "ការវាយឆ្មក់របស់ប៉ូលិសរុញច្រានអ្នកធ្វើការទៅរកគ្រោះថ្នាក់។ សូមស្នើរដ្ឋមន្ត្រីឱ្យបញ្ឈប់ និងស្តាប់អ្នកដែលរងផលប៉ះពាល់។",
        "ចុះហត្ថលេខា៖ បញ្ឈប់ការវាយឆ្មក់ ហើយជួបជាមួយអ្នកធ្វើការ",
        "<p>ការវាយឆ្មក់នីមួយៗបិទកន្លែងធ្វើការដែលអ្នកធ្វើការបានរួមគ្នាធ្វើឱ្យមានសុវត្ថិភាពជាងមុន។ "
        "អ្នកធ្វើការបាត់បង់ប្រាក់ចំណូល និងប្រាក់សន្សំ ហើយពិបាករាយការណ៍អំពីអំពើហិង្សា។ "
        "យើងស្នើឱ្យរដ្ឋមន្ត្រីក្រសួងមហាផ្ទៃបញ្ឈប់ការវាយឆ្មក់ ហើយជួបជាមួយអង្គការរបស់អ្នកធ្វើការ។</p>",
    ),
}

# Invented signers: (name, email local part, language, country)
SIGNERS = [
    ("Somchai K.", "somchai", "th", "TH"),
    ("มาลี ศรีสุข", "malee", "th", "TH"),
    ("王小明", "xiaoming", "zh-hans", "CN"),
    ("陳美玲", "meiling", "zh-hant", "TW"),
    ("김지현", "jihyun", "ko", "KR"),
    ("박서연", "seoyeon", "ko", "KR"),
    ("សុខ ចាន់ធី", "chanthy", "km", "KH"),
    ("Dara Pich", "dara", "km", "KH"),
    ("Alex Morgan", "alex", "en", "AU"),
    ("Jamie Lee", "jamie", "en", "AU"),
]


def load_demo_campaign(home: Page) -> PetitionPage:
    default = Locale.get_default()
    with transaction.atomic():
        campaign = PetitionPage.objects.filter(locale=default, slug="safety-not-raids").first()
        if campaign is None:
            title, summary, ask, body = CAMPAIGN["en"]
            campaign = PetitionPage(
                title=title,
                slug="safety-not-raids",
                summary=summary,
                ask=ask,
                body=body,
                goal=500,
                locale=default,
                petition_ask_comment=True,
            )
            home.add_child(instance=campaign)
            campaign.save_revision().publish()
        for locale in Locale.objects.exclude(pk=default.pk):
            if locale.language_code not in CAMPAIGN or campaign.get_translation_or_none(locale):
                continue
            title, summary, ask, body = CAMPAIGN[locale.language_code]
            translated = campaign.copy_for_translation(locale).specific
            translated.title, translated.summary, translated.ask, translated.body = title, summary, ask, body
            translated.save_revision().publish()
    return campaign


# What some demo signers chose to make public: (email local part, copy) → (name to show,
# comment, comment approved?). Names in each language's script; one comment waits for review.
PUBLIC_PARTS = {
    ("malee", 0): ("มาลี", "ที่ทำงานของเราปลอดภัยขึ้นเพราะเราดูแลกันเอง การบุกค้นทำลายสิ่งนั้น", True),
    ("xiaoming", 0): ("小明", "每次搜查之后，大家都更不敢报警了。", True),
    ("meiling", 0): ("美玲", "", False),
    ("jihyun", 0): ("지현", "단속은 우리를 더 위험하게 만들 뿐입니다. 안전한 일터를 원합니다.", True),
    ("seoyeon", 0): ("", "우리의 목소리를 들어 주세요.", True),
    ("chanthy", 0): ("ចាន់ធី", "", False),
    ("jamie", 0): ("Jamie", "", False),
    ("meiling", 1): ("美玲", "我們需要的是安全，不是搜查。", True),
    ("alex", 1): ("Alex", "Raids made my friends less safe, not more.", False),
    ("dara", 3): ("ដារ៉ា", "សុវត្ថិភាពសម្រាប់អ្នកធ្វើការទាំងអស់។", True),
    ("somchai", 2): ("Somchai", "", False),
}


def load_demo_signatures(campaign: PetitionPage, copies: int = 4) -> int:
    """Record demo signatures through the real engine; returns how many were new.

    Some signers show a name among the recent signers; a few comments are approved (those of
    confirmed signers), one waits for review.
    """
    if not OrganisationKey.objects.filter(active=True).exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    created = 0
    to_approve = []
    for copy in range(copies):
        for name, local, language, country in SIGNERS:
            email = f"{local}.{copy}@example.org"
            display_name, comment, approve = PUBLIC_PARTS.get((local, copy), ("", "", False))
            consents = [ConsentGiven(Consent.Purpose.ACTION, PETITION_CONSENT_VERSION)]
            if display_name:
                consents.append(ConsentGiven(Consent.Purpose.PUBLIC_NAME, PETITION_CONSENT_VERSION))
            outcome = petition.sign_petition(
                Submission(
                    page_id=campaign.pk,
                    kind="petition",
                    language=language,
                    submission_key=f"demo-{local}-{copy}",
                    details={"name": name, "email": email},
                    email=email,
                    country=country,
                    consents=consents,
                ),
                petition.PublicPart(display_name=display_name, comment=comment),
            )
            created += outcome.created
            if outcome.created and rng.random() < 0.7:
                confirm_action(confirm_token(outcome.action))
            if outcome.created and comment and approve:
                to_approve.append(outcome.action.pk)
    if to_approve:
        # Only comments of confirmed signers can be approved; the others stay waiting.
        petition.approve_comments(
            list(PetitionSignature.objects.filter(action_id__in=to_approve).values_list("pk", flat=True))
        )
    return created
