"""Demo content for `chorus demo`: a fictional organisation's site in six languages.

Every text here was written for this project. Running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Site

from chorus.core.locales import ensure_locales
from chorus.core.roles import ADMINISTRATOR, CAMPAIGNER, MEMBER, MODERATOR, ROLE_NAMES, TRANSLATOR
from chorus.core.services import install_roles

from .demo_navigation import load_demo_menu, load_demo_site_pages
from .demo_news import load_demo_news
from .models import ContentPage, HomePage

ORG_NAME = "Riverlight Collective"

HOME = {
    "en": (
        "Riverlight Collective",
        "<p>We are a sex-worker-led association. Together with partners in Cambodia, Thailand, "
        "China and Korea we campaign for safety, dignity and labour rights for every worker.</p>",
    ),
    "th": (
        "กลุ่มริเวอร์ไลต์",
        "<p>เราเป็นสมาคมที่นำโดยพนักงานบริการ ร่วมกับภาคีในกัมพูชา ไทย จีน และเกาหลี "
        "เรารณรงค์เพื่อความปลอดภัย ศักดิ์ศรี และสิทธิแรงงานของคนทำงานทุกคน</p>",
    ),
    "zh-hans": (
        "河光联盟",
        "<p>我们是由性工作者领导的协会。我们与柬埔寨、泰国、中国和韩国的伙伴一起，"
        "为每一位劳动者的安全、尊严和劳动权利而倡导。</p>",
    ),
    "zh-hant": (
        "河光聯盟",
        "<p>我們是由性工作者領導的協會。我們與柬埔寨、泰國、中國和韓國的夥伴一起，"
        "為每一位勞動者的安全、尊嚴和勞動權利而倡議。</p>",
    ),
    "ko": (
        "리버라이트 연대",
        "<p>우리는 성노동자가 이끄는 단체입니다. 캄보디아, 태국, 중국, 한국의 파트너와 함께 "
        "모든 노동자의 안전과 존엄, 노동권을 위해 캠페인을 벌입니다.</p>",
    ),
    "km": (
        "សមូហភាពពន្លឺទន្លេ",
        "<p>យើងជាសមាគមដែលដឹកនាំដោយអ្នកធ្វើការផ្លូវភេទ។ រួមជាមួយដៃគូនៅកម្ពុជា ថៃ ចិន និងកូរ៉េ "
        "យើងធ្វើយុទ្ធនាការដើម្បីសុវត្ថិភាព សេចក្តីថ្លៃថ្នូរ និងសិទ្ធិការងាររបស់អ្នកធ្វើការគ្រប់រូប។</p>",
    ),
}

ABOUT = {
    "en": (
        "About us",
        "Who we are and how we work.",
        "<p>Riverlight Collective was founded by workers who wanted to speak for themselves. "
        "We run a drop-in space, a legal-aid line and campaigns that put decision-makers in "
        "touch with the people their laws affect.</p>",
    ),
    "th": (
        "เกี่ยวกับเรา",
        "เราคือใครและเราทำงานอย่างไร",
        "<p>กลุ่มริเวอร์ไลต์ก่อตั้งโดยคนทำงานที่ต้องการพูดแทนตัวเอง เราดูแลศูนย์พักพิง "
        "สายด่วนช่วยเหลือทางกฎหมาย และการรณรงค์ที่เชื่อมผู้มีอำนาจตัดสินใจกับผู้ที่ได้รับผลกระทบจากกฎหมาย</p>",
    ),
    "zh-hans": (
        "关于我们",
        "我们是谁，我们如何工作。",
        "<p>河光联盟由希望为自己发声的劳动者创立。我们运营一个开放空间、一条法律援助热线，"
        "并开展倡导活动，让决策者直接听到受其法律影响的人的声音。</p>",
    ),
    "zh-hant": (
        "關於我們",
        "我們是誰，我們如何工作。",
        "<p>河光聯盟由希望為自己發聲的勞動者創立。我們營運一個開放空間、一條法律扶助熱線，"
        "並展開倡議活動，讓決策者直接聽到受其法律影響的人的聲音。</p>",
    ),
    "ko": (
        "우리 소개",
        "우리는 누구이며 어떻게 일하는가.",
        "<p>리버라이트 연대는 스스로 목소리를 내고자 한 노동자들이 만들었습니다. 우리는 쉼터와 "
        "법률 지원 상담전화를 운영하고, 의사결정권자가 법의 영향을 받는 사람들의 이야기를 듣도록 캠페인을 합니다.</p>",
    ),
    "km": (
        "អំពីយើង",
        "យើងជានរណា និងរបៀបដែលយើងធ្វើការ។",
        "<p>សមូហភាពពន្លឺទន្លេត្រូវបានបង្កើតឡើងដោយអ្នកធ្វើការដែលចង់និយាយដោយខ្លួនឯង។ "
        "យើងដំណើរការកន្លែងស្នាក់អាស្រ័យ ខ្សែទូរស័ព្ទជំនួយផ្លូវច្បាប់ និងយុទ្ធនាការនានា។</p>",
    ),
}

MEMBERS = {
    "en": (
        "Members' corner",
        "Meeting notes and safety updates for members.",
        "<p>Next members' meeting: first Sunday of the month, 3 pm, at the drop-in space. "
        "Safety updates are shared here, never on the public pages.</p>",
    ),
    "th": (
        "มุมสมาชิก",
        "บันทึกการประชุมและข่าวความปลอดภัยสำหรับสมาชิก",
        "<p>การประชุมสมาชิกครั้งถัดไป: วันอาทิตย์แรกของเดือน เวลา 15.00 น. ที่ศูนย์พักพิง "
        "ข่าวความปลอดภัยจะแจ้งที่นี่เท่านั้น ไม่ใช่บนหน้าสาธารณะ</p>",
    ),
    "zh-hans": (
        "会员专区",
        "为会员提供的会议记录和安全通报。",
        "<p>下一次会员会议：每月第一个星期日下午三点，在开放空间举行。安全通报只在这里发布，不会出现在公开页面上。</p>",
    ),
    "ko": (
        "회원 공간",
        "회원을 위한 회의록과 안전 소식.",
        "<p>다음 회원 모임: 매월 첫째 일요일 오후 3시, 쉼터에서. 안전 소식은 공개 페이지가 아닌 이곳에서만 공유합니다.</p>",
    ),
}


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    first_name: str
    last_name: str
    is_staff: bool
    role: str  # the group (core.roles) the account is put in when it is made
    is_superuser: bool = False

    @property
    def key(self) -> str:
        """The part before the @ ("staff", "campaigner", ...), also the username."""
        return self.email.split("@")[0]


# One account per role, plus staff@, the organisation's owner: an Administrator who is also
# a Wagtail superuser, since Wagtail keeps a few things to superusers (the root of the page
# tree, making other superusers). administrator@ shows what the Administrator group alone may do.
DEMO_USERS = [
    DemoUser("staff@example.org", "riverlight-staff-demo", "Sam", "Organiser", True, ADMINISTRATOR, True),
    DemoUser("member@example.org", "riverlight-member-demo", "Kim", "Member", False, MEMBER),
    DemoUser(
        "administrator@example.org", "riverlight-administrator-demo", "Ari", "Admin", True, ADMINISTRATOR
    ),
    DemoUser(
        "campaigner@example.org", "riverlight-campaigner-demo", "Chanthy", "Campaigner", True, CAMPAIGNER
    ),
    DemoUser("moderator@example.org", "riverlight-moderator-demo", "Mali", "Moderator", True, MODERATOR),
    DemoUser("translator@example.org", "riverlight-translator-demo", "Tao", "Translator", True, TRANSLATOR),
]


def _translate(page: Page, locale: Locale, fields: dict[str, str]) -> Page:
    """Create (once) and publish the translation of `page` in `locale`."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


@transaction.atomic
def load_demo_content() -> HomePage:
    # A flushed database (transactional tests) has lost the rows Wagtail's migrations create.
    ensure_locales()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    default = Locale.get_default()
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=default)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        title, intro = HOME["en"]
        home = HomePage(title=title, slug="home", intro=intro, locale=default)
        # Wagtail's installer leaves a placeholder page on the slug we want.
        Page.objects.filter(depth=2, slug="home").exclude(pk__in=HomePage.objects.all()).delete()
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": ORG_NAME},
        )
    about = ContentPage.objects.filter(locale=default, slug="about").first()
    if about is None:
        title, summary, body = ABOUT["en"]
        about = ContentPage(title=title, slug="about", summary=summary, body=body, locale=default)
        home.add_child(instance=about)
        about.save_revision().publish()
    members = ContentPage.objects.filter(locale=default, slug="members").first()
    if members is None:
        title, summary, body = MEMBERS["en"]
        members = ContentPage(title=title, slug="members", summary=summary, body=body, locale=default)
        home.add_child(instance=members)
        members.save_revision().publish()
        PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)

    for code, locale in locales.items():
        if code == default.language_code:
            continue
        if code in HOME:
            title, intro = HOME[code]
            _translate(home, locale, {"title": title, "intro": intro})
        if code in ABOUT:
            title, summary, body = ABOUT[code]
            _translate(about, locale, {"title": title, "summary": summary, "body": body})
        if code in MEMBERS:
            title, summary, body = MEMBERS[code]
            _translate(members, locale, {"title": title, "summary": summary, "body": body})
    load_demo_news(home)
    load_demo_site_pages(home)
    load_demo_menu(home)
    return home


def load_demo_users() -> list[DemoUser]:
    """Create the demo accounts, each in its role; returns those created by this call.

    Existing accounts are left alone. The role groups are made first if they are missing
    (a test's flush empties the tables the migration filled).
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    install_roles()
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLE_NAMES)}
    user_model = get_user_model()
    created = []
    for demo in DEMO_USERS:
        if user_model.objects.filter(email__iexact=demo.email).exists():
            continue
        user = user_model.objects.create_user(
            username=demo.email.split("@")[0],
            email=demo.email,
            password=demo.password,
            first_name=demo.first_name,
            last_name=demo.last_name,
            is_staff=demo.is_staff,
            is_superuser=demo.is_superuser,
        )
        user.groups.add(groups[demo.role])
        EmailAddress.objects.create(user=user, email=demo.email, verified=True, primary=True)
        created.append(demo)
    return created
