"""Demo privacy notice, contact page and the main menu and footer links, in six languages.

The menu points at pages found by slug, so `chorus demo` runs `load_demo_menu` again after
the other apps have made their pages (days of action); each run adds only what is missing.
"""

from __future__ import annotations

from wagtail.models import Locale, Page

from chorus.core.models import MenuItem

from .models import ContentPage, HomePage

PRIVACY = {
    "en": (
        "Privacy notice",
        "What we keep when you take part, who can read it, and when it is deleted.",
        "<p>When you sign, write or come to a day of action, what you type is locked the moment it "
        "arrives: only our organisation, with a key kept offline, can read it. We store no IP addresses. "
        "Everything personal is deleted when the campaign's retention period ends.</p>"
        "<p>You can see and delete what we hold about you at any time on the “My data” page.</p>",
    ),
    "th": (
        "ประกาศความเป็นส่วนตัว",
        "ข้อมูลที่เราเก็บเมื่อคุณร่วมกิจกรรม ใครอ่านได้ และจะถูกลบเมื่อไร",
        "<p>เมื่อคุณลงชื่อ เขียนจดหมาย หรือมาร่วมวันรณรงค์ ข้อมูลที่คุณกรอกจะถูกล็อกทันทีที่มาถึง "
        "มีเพียงองค์กรของเราซึ่งเก็บกุญแจไว้แบบออฟไลน์เท่านั้นที่อ่านได้ เราไม่เก็บหมายเลข IP "
        "ข้อมูลส่วนบุคคลทั้งหมดจะถูกลบเมื่อครบระยะเวลาการเก็บรักษาของแคมเปญ</p>"
        "<p>คุณดูและลบข้อมูลที่เราเก็บเกี่ยวกับคุณได้ทุกเมื่อที่หน้า “ข้อมูลของฉัน”</p>",
    ),
    "zh-hans": (
        "隐私声明",
        "你参与时我们保存什么、谁能读取、何时删除。",
        "<p>当你签名、写信或参加行动日时，你填写的内容一到达就会被加密锁定：只有我们的组织凭离线保存的密钥才能读取。"
        "我们不保存任何 IP 地址。倡导活动的保存期限结束后，所有个人资料都会被删除。</p>"
        "<p>你可以随时在“我的资料”页面查看并删除我们保存的关于你的资料。</p>",
    ),
    "zh-hant": (
        "隱私聲明",
        "你參與時我們保存什麼、誰能讀取、何時刪除。",
        "<p>當你簽名、寫信或參加行動日時，你填寫的內容一送達就會被加密鎖定：只有我們的組織憑離線保存的金鑰才能讀取。"
        "我們不保存任何 IP 位址。倡議活動的保存期限結束後，所有個人資料都會被刪除。</p>"
        "<p>你可以隨時在「我的資料」頁面查看並刪除我們保存的關於你的資料。</p>",
    ),
    "ko": (
        "개인정보 처리방침",
        "참여할 때 우리가 무엇을 보관하는지, 누가 읽을 수 있는지, 언제 삭제되는지.",
        "<p>서명하거나 편지를 쓰거나 행동의 날에 참여하면, 입력한 내용은 도착하는 즉시 잠깁니다. "
        "오프라인에 보관한 열쇠를 가진 우리 단체만 읽을 수 있습니다. IP 주소는 저장하지 않습니다. "
        "캠페인의 보관 기간이 끝나면 모든 개인정보가 삭제됩니다.</p>"
        "<p>‘내 정보’ 페이지에서 언제든지 우리가 보관한 정보를 확인하고 삭제할 수 있습니다.</p>",
    ),
    "km": (
        "សេចក្តីជូនដំណឹងអំពីឯកជនភាព",
        "អ្វីដែលយើងរក្សាទុកនៅពេលអ្នកចូលរួម អ្នកណាអាចអានវាបាន និងពេលណាវាត្រូវលុប។",
        "<p>នៅពេលអ្នកចុះហត្ថលេខា សរសេរលិខិត ឬមកចូលរួមថ្ងៃសកម្មភាព អ្វីដែលអ្នកវាយបញ្ចូលត្រូវបានចាក់សោភ្លាមៗ "
        "មានតែអង្គការរបស់យើងដែលរក្សាសោទុកក្រៅបណ្តាញប៉ុណ្ណោះដែលអាចអានវាបាន។ យើងមិនរក្សាទុកអាសយដ្ឋាន IP ទេ។ "
        "ព័ត៌មានផ្ទាល់ខ្លួនទាំងអស់ត្រូវលុបនៅពេលរយៈពេលរក្សាទុករបស់យុទ្ធនាការបញ្ចប់។</p>"
        "<p>អ្នកអាចមើល និងលុបអ្វីដែលយើងរក្សាទុកអំពីអ្នកបានគ្រប់ពេលនៅទំព័រ «ទិន្នន័យរបស់ខ្ញុំ»។</p>",
    ),
}

CONTACT = {
    "en": (
        "Contact",
        "How to reach us.",
        '<p>Write to <a href="mailto:hello@riverlight.example">hello@riverlight.example</a>, or come to the '
        "drop-in space, Tuesday to Saturday, 11 am to 7 pm. We answer in English, Thai, Khmer, Chinese and Korean.</p>",
    ),
    "th": (
        "ติดต่อเรา",
        "ช่องทางติดต่อเรา",
        '<p>เขียนถึง <a href="mailto:hello@riverlight.example">hello@riverlight.example</a> หรือแวะมาที่ศูนย์พักพิง '
        "วันอังคารถึงวันเสาร์ เวลา 11.00–19.00 น. เราตอบเป็นภาษาอังกฤษ ไทย เขมร จีน และเกาหลี</p>",
    ),
    "zh-hans": (
        "联系我们",
        "如何联系我们。",
        '<p>请写信至 <a href="mailto:hello@riverlight.example">hello@riverlight.example</a>，或在星期二至星期六'
        "上午十一点至晚上七点来开放空间找我们。我们可以用英语、泰语、高棉语、中文和韩语回复。</p>",
    ),
    "zh-hant": (
        "聯絡我們",
        "如何聯絡我們。",
        '<p>請寫信至 <a href="mailto:hello@riverlight.example">hello@riverlight.example</a>，或在星期二至星期六'
        "上午十一點至晚上七點來開放空間找我們。我們可以用英語、泰語、高棉語、中文和韓語回覆。</p>",
    ),
    "ko": (
        "연락처",
        "우리에게 연락하는 방법.",
        '<p><a href="mailto:hello@riverlight.example">hello@riverlight.example</a>로 편지를 보내거나, 화요일부터 '
        "토요일 오전 11시부터 오후 7시까지 쉼터로 찾아오세요. 영어, 태국어, 크메르어, 중국어, 한국어로 답합니다.</p>",
    ),
    "km": (
        "ទំនាក់ទំនង",
        "របៀបទាក់ទងមកយើង។",
        '<p>សរសេរមក <a href="mailto:hello@riverlight.example">hello@riverlight.example</a> ឬមកកន្លែងស្នាក់អាស្រ័យ '
        "ពីថ្ងៃអង្គារដល់ថ្ងៃសៅរ៍ ម៉ោង ១១ ព្រឹកដល់ម៉ោង ៧ យប់។ យើងឆ្លើយតបជាភាសាអង់គ្លេស ថៃ ខ្មែរ ចិន និងកូរ៉េ។</p>",
    ),
}

# Labels only where the page title would not do: a section of the home page, and the
# members' corner, which the demo leaves untranslated in two languages on purpose.
CAMPAIGNS_LABEL = {
    "en": "Campaigns",
    "th": "การรณรงค์",
    "zh-hans": "倡导行动",
    "zh-hant": "倡議行動",
    "ko": "캠페인",
    "km": "យុទ្ធនាការ",
}
MEMBERS_LABEL = {
    "en": "",
    "th": "",
    "zh-hans": "",
    "zh-hant": "會員專區",
    "ko": "",
    "km": "ជ្រុងសមាជិក",
}
NO_LABEL = dict.fromkeys(CAMPAIGNS_LABEL, "")

# (menu, slug of a child of the home page or "" for the home page, anchor, labels)
MENU = [
    (MenuItem.Menu.MAIN, "news", "", NO_LABEL),
    (MenuItem.Menu.MAIN, "", "campaigns-heading", CAMPAIGNS_LABEL),
    (MenuItem.Menu.MAIN, "days-of-action", "", NO_LABEL),
    (MenuItem.Menu.MAIN, "about", "", NO_LABEL),
    (MenuItem.Menu.MAIN, "members", "", MEMBERS_LABEL),
    (MenuItem.Menu.FOOTER, "privacy", "", NO_LABEL),
    (MenuItem.Menu.FOOTER, "contact", "", NO_LABEL),
]


def _content_page(home: HomePage, slug: str, texts: dict[str, tuple[str, str, str]]) -> ContentPage:
    from .demo import _translate

    default = Locale.get_default()
    page = ContentPage.objects.filter(locale=default, slug=slug).first()
    if page is None:
        title, summary, body = texts["en"]
        page = ContentPage(title=title, slug=slug, summary=summary, body=body, locale=default)
        home.add_child(instance=page)
        page.save_revision().publish()
    for locale in Locale.objects.exclude(pk=default.pk):
        if locale.language_code in texts:
            title, summary, body = texts[locale.language_code]
            _translate(page, locale, {"title": title, "summary": summary, "body": body})
    return page


def load_demo_site_pages(home: HomePage) -> None:
    _content_page(home, "privacy", PRIVACY)
    _content_page(home, "contact", CONTACT)


def load_demo_menu(home: HomePage) -> int:
    """Menu links to the demo pages that exist, translated into every site language."""
    default = Locale.get_default()
    added = 0
    for position, (menu, slug, anchor, labels) in enumerate(MENU):
        page = home if not slug else Page.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            continue
        item = MenuItem.objects.filter(locale=default, menu=menu, page=page, anchor=anchor).first()
        if item is None:
            item = MenuItem.objects.create(
                locale=default,
                menu=menu,
                page=page,
                anchor=anchor,
                label=labels["en"],
                sort_order=position * 10,
            )
            added += 1
        for locale in Locale.objects.exclude(pk=default.pk):
            if locale.language_code not in labels or item.has_translation(locale):
                continue
            translated = item.copy_for_translation(locale)
            translated.label = labels[locale.language_code]
            translated.save()
    return added
