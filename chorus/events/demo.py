"""Demo days of action for `chorus demo`: an events index in six languages, one upcoming day of
action outside an embassy in Bangkok (with a few RSVPs through the real engine) and one past
placard-making day with photos drawn here (nothing is downloaded).

Texts were written for this project; names are invented. Idempotent: events once made are
left where they are (their dates are not moved on a second run).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page

from chorus.actions.services import ConsentGiven, Submission, confirm_action
from chorus.actions.tokens import confirm_token
from chorus.news.demo_images import (
    HEIGHT,
    WIDTH,
    _font,
    drop_in_space,
    embassy_protest,
    jpeg_bytes,
    river_light,
)
from chorus.supporters.models import Consent, OrganisationKey

from .forms import RSVP_CONSENT_VERSION
from .models import EventIndexPage, EventPage, EventPhoto
from .services import record_rsvp, retention_days_for

ZONE = "Asia/Bangkok"

INDEX = {
    "en": (
        "Days of action",
        "Join us on the street and online. Come to a day of action near you, or see how the last one went.",
    ),
    "zh-hans": (
        "行动日",
        "和我们一起走上街头，也可以在线参与。来参加你附近的行动日，或看看上一次行动的情况。",
    ),
    "zh-hant": (
        "行動日",
        "和我們一起走上街頭，也可以在線上參與。來參加你附近的行動日，或看看上一次行動的情況。",
    ),
    "th": ("วันรณรงค์", "มาร่วมกับเราบนท้องถนนและทางออนไลน์ เข้าร่วมวันรณรงค์ใกล้บ้านคุณ หรือดูว่าครั้งที่แล้วเป็นอย่างไร"),
    "ko": (
        "행동의 날",
        "거리에서, 그리고 온라인에서 함께해 주세요. 가까운 곳에서 열리는 행동의 날에 참여하거나 지난 행동의 모습을 살펴보세요.",
    ),
    "km": (
        "ថ្ងៃសកម្មភាព",
        "សូមចូលរួមជាមួយយើងនៅតាមផ្លូវ និងតាមអនឡាញ។ សូមមកចូលរួមថ្ងៃសកម្មភាពនៅជិតអ្នក ឬមើលថាសកម្មភាពលើកមុនបានទៅយ៉ាងណា។",
    ),
}

# language → (title, summary, place name, address, description)
EMBASSY_DAY = {
    "en": (
        "Rights, not rescue: day of action at the embassy",
        "Bring a placard and stand with us outside the embassy on Wireless Road as we hand over the joint "
        "letter and speak out against raids.",
        "Pavement opposite the embassy, Wireless Road",
        "Wireless Road (Thanon Witthayu)\nLumphini, Pathum Wan\nBangkok 10330",
        "<p>We meet at 10:00 on the pavement opposite the embassy. Volunteers in pink vests hand out "
        "placards and water. The gathering is peaceful and stays on the pavement.</p>"
        "<p>If you would rather not be photographed, ask a volunteer for a green ribbon: our photographers "
        "leave everyone wearing one out of their pictures.</p>",
    ),
    "zh-hans": (
        "要权利，不要“拯救”：大使馆前行动日",
        "带上标语牌，和我们一起站在无线路的大使馆外。我们将递交联名信，并发声反对突击搜查。",
        "大使馆对面的人行道，无线路",
        "Wireless Road (Thanon Witthayu)\nLumphini, Pathum Wan\nBangkok 10330",
        "<p>上午10点，我们在大使馆对面的人行道集合。穿粉色背心的志愿者会分发标语牌和饮用水。"
        "集会是和平的，全程都在人行道上进行。</p>"
        "<p>如果你不希望被拍照，可以向志愿者领取一条绿色丝带：我们的摄影师不会拍摄佩戴丝带的人。</p>",
    ),
    "zh-hant": (
        "要權利，不要「拯救」：大使館前行動日",
        "帶上標語牌，和我們一起站在無線路的大使館外。我們將遞交聯名信，並發聲反對突擊搜查。",
        "大使館對面的人行道，無線路",
        "Wireless Road (Thanon Witthayu)\nLumphini, Pathum Wan\nBangkok 10330",
        "<p>上午10點，我們在大使館對面的人行道集合。穿粉紅色背心的志工會分發標語牌和飲用水。"
        "集會是和平的，全程都在人行道上進行。</p>"
        "<p>如果你不希望被拍照，可以向志工領取一條綠色絲帶：我們的攝影師不會拍攝配戴絲帶的人。</p>",
    ),
    "th": (
        "สิทธิ ไม่ใช่การช่วยเหลือ: วันรณรงค์หน้าสถานทูต",
        "ถือป้ายมายืนเคียงข้างเราหน้าสถานทูตบนถนนวิทยุ ขณะที่เรายื่นจดหมายร่วมและส่งเสียงคัดค้านการบุกค้น",
        "ทางเท้าฝั่งตรงข้ามสถานทูต ถนนวิทยุ",
        "ถนนวิทยุ\nแขวงลุมพินี เขตปทุมวัน\nกรุงเทพฯ 10330",
        "<p>เราพบกันเวลา 10:00 น. ที่ทางเท้าฝั่งตรงข้ามสถานทูต อาสาสมัครในเสื้อกั๊กสีชมพูจะแจกป้ายและน้ำดื่ม "
        "การรวมตัวเป็นไปอย่างสงบและอยู่บนทางเท้าตลอด</p>"
        "<p>หากคุณไม่ต้องการถูกถ่ายภาพ ขอริบบิ้นสีเขียวจากอาสาสมัครได้ ช่างภาพของเราจะไม่ถ่ายภาพผู้ที่ติดริบบิ้นนี้</p>",
    ),
    "ko": (
        "구조가 아닌 권리를: 대사관 앞 행동의 날",
        "피켓을 들고 위타유 거리의 대사관 앞에 함께 서 주세요. 공동 서한을 전달하고 단속에 반대하는 목소리를 냅니다.",
        "대사관 맞은편 인도, 위타유 거리",
        "Wireless Road (Thanon Witthayu)\nLumphini, Pathum Wan\nBangkok 10330",
        "<p>오전 10시에 대사관 맞은편 인도에서 만납니다. 분홍색 조끼를 입은 자원활동가들이 피켓과 물을 나눠 드립니다. "
        "모임은 평화롭게, 인도 위에서만 진행됩니다.</p>"
        "<p>사진에 찍히고 싶지 않다면 자원활동가에게 초록색 리본을 받아 주세요. 우리 사진가들은 리본을 단 사람을 찍지 않습니다.</p>",
    ),
    "km": (
        "សិទ្ធិ មិនមែនការជួយសង្គ្រោះ៖ ថ្ងៃសកម្មភាពនៅមុខស្ថានទូត",
        "សូមយកផ្ទាំងពាក្យស្លោកមកឈរជាមួយយើងនៅមុខស្ថានទូតលើផ្លូវវិទ្យុ ពេលយើងប្រគល់លិខិតរួម និងបញ្ចេញសំឡេងប្រឆាំងនឹងការវាយឆ្មក់។",
        "ចិញ្ចើមផ្លូវទល់មុខស្ថានទូត ផ្លូវវិទ្យុ",
        "Wireless Road (Thanon Witthayu)\nLumphini, Pathum Wan\nBangkok 10330",
        "<p>យើងជួបគ្នានៅម៉ោង ១០:០០ នៅលើចិញ្ចើមផ្លូវទល់មុខស្ថានទូត។ អ្នកស្ម័គ្រចិត្តពាក់អាវកាក់ពណ៌ផ្កាឈូកនឹងចែកផ្ទាំងពាក្យស្លោក "
        "និងទឹកផឹក។ ការជួបជុំនេះធ្វើឡើងដោយសន្តិវិធី ហើយនៅលើចិញ្ចើមផ្លូវជានិច្ច។</p>"
        "<p>ប្រសិនបើអ្នកមិនចង់ឱ្យគេថតរូប សូមសុំខ្សែបូពណ៌បៃតងពីអ្នកស្ម័គ្រចិត្ត៖ អ្នកថតរូបរបស់យើងមិនថតអ្នកដែលពាក់ខ្សែបូនេះទេ។</p>",
    ),
}

PLACARD_DAY = {
    "en": (
        "Placard-making day at the drop-in centre",
        "An afternoon of paint, cardboard and tea: together we made the placards for the day of action.",
        "Riverlight drop-in centre",
        "Soi Sala Daeng 1, Silom\nBang Rak\nBangkok 10500",
        "<p>Twenty-two people came to paint, cut and laugh. The placards are now waiting for the day of "
        "action, in Thai, Khmer, Chinese, Korean and English.</p>",
    ),
    "zh-hans": (
        "在活动中心制作标语牌",
        "一个有颜料、纸板和茶的下午：我们一起为行动日制作了标语牌。",
        "Riverlight 活动中心",
        "Soi Sala Daeng 1, Silom\nBang Rak\nBangkok 10500",
        "<p>二十二个人来到这里，一起画画、剪纸、欢笑。这些用泰文、高棉文、中文、韩文和英文写成的标语牌，正在等待行动日的到来。</p>",
    ),
    "zh-hant": (
        "在活動中心製作標語牌",
        "一個有顏料、紙板和茶的下午：我們一起為行動日製作了標語牌。",
        "Riverlight 活動中心",
        "Soi Sala Daeng 1, Silom\nBang Rak\nBangkok 10500",
        "<p>二十二個人來到這裡，一起畫畫、剪紙、歡笑。這些用泰文、高棉文、中文、韓文和英文寫成的標語牌，正在等待行動日的到來。</p>",
    ),
    "th": (
        "วันทำป้ายรณรงค์ที่ศูนย์ดรอปอิน",
        "บ่ายวันหนึ่งกับสี กระดาษลัง และน้ำชา เราร่วมกันทำป้ายสำหรับวันรณรงค์",
        "ศูนย์ดรอปอินริเวอร์ไลต์",
        "ซอยศาลาแดง 1 แขวงสีลม\nเขตบางรัก\nกรุงเทพฯ 10500",
        "<p>มีคนมาร่วมยี่สิบสองคน ทั้งระบายสี ตัดกระดาษ และหัวเราะด้วยกัน ตอนนี้ป้ายภาษาไทย เขมร จีน เกาหลี "
        "และอังกฤษรอวันรณรงค์อยู่</p>",
    ),
    "ko": (
        "쉼터에서 함께한 피켓 만들기의 날",
        "물감과 골판지, 차와 함께한 오후: 행동의 날을 위한 피켓을 함께 만들었습니다.",
        "리버라이트 쉼터",
        "Soi Sala Daeng 1, Silom\nBang Rak\nBangkok 10500",
        "<p>스물두 명이 모여 색칠하고, 자르고, 함께 웃었습니다. 태국어, 크메르어, 중국어, 한국어, 영어로 쓴 피켓들이 "
        "이제 행동의 날을 기다리고 있습니다.</p>",
    ),
    "km": (
        "ថ្ងៃធ្វើផ្ទាំងពាក្យស្លោកនៅមជ្ឈមណ្ឌល",
        "រសៀលមួយជាមួយថ្នាំលាប ក្រដាសកាតុង និងតែ៖ យើងបានរួមគ្នាធ្វើផ្ទាំងពាក្យស្លោកសម្រាប់ថ្ងៃសកម្មភាព។",
        "មជ្ឈមណ្ឌល Riverlight",
        "Soi Sala Daeng 1, Silom\nBang Rak\nBangkok 10500",
        "<p>មនុស្សម្ភៃពីរនាក់បានមកគូរ កាត់ និងសើចជាមួយគ្នា។ ឥឡូវនេះ ផ្ទាំងពាក្យស្លោកជាភាសាថៃ ខ្មែរ ចិន កូរ៉េ "
        "និងអង់គ្លេស កំពុងរង់ចាំថ្ងៃសកម្មភាព។</p>",
    ),
}


def placard_table() -> Image.Image:
    """Placards drying on a long table: cardboard, paint pots and brushes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (238, 232, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 560, WIDTH, HEIGHT], fill=(170, 128, 88))
    signs = [
        (120, 180, "RIGHTS NOT RESCUE", "NotoSans-Bold.ttf", (250, 214, 90)),
        (620, 120, "สิทธิ ไม่ใช่การช่วยเหลือ", "NotoSansThai-Bold.ttf", (255, 170, 190)),
        (1080, 200, "សិទ្ធិការងារ", "NotoSansKhmer-Bold.ttf", (170, 225, 200)),
    ]
    for x, y, text, font_name, colour in signs:
        draw.rectangle([x, y, x + 420, y + 300], fill=colour, outline=(120, 96, 60), width=6)
        draw.text((x + 24, y + 120), text, font=_font(font_name, 38), fill=(30, 25, 35))
    for index, x in enumerate(range(200, 1500, 220)):
        colour = [(200, 40, 60), (40, 90, 180), (240, 190, 40), (40, 150, 90)][index % 4]
        draw.rectangle([x, 640, x + 90, 760], fill=colour, outline=(60, 50, 40), width=4)
        draw.line([(x + 130, 620), (x + 190, 800)], fill=(90, 60, 40), width=10)
    return image


# (image title, drawing, captions by language)
PHOTOS: list[tuple[str, Callable[[], Image.Image], dict[str, str]]] = [
    (
        "Placard day: the drop-in centre",
        drop_in_space,
        {
            "en": "The drop-in centre, set up for the afternoon",
            "zh-hans": "为这个下午布置好的活动中心",
            "zh-hant": "為這個下午布置好的活動中心",
            "th": "ศูนย์ดรอปอินที่จัดเตรียมไว้สำหรับบ่ายวันนั้น",
            "ko": "오후 행사를 위해 꾸며 놓은 쉼터",
            "km": "មជ្ឈមណ្ឌលដែលបានរៀបចំសម្រាប់រសៀលនោះ",
        },
    ),
    (
        "Placard day: painting",
        placard_table,
        {
            "en": "Placards in several languages, drying on the table",
            "zh-hans": "用多种语言写成的标语牌，正在桌上晾干",
            "zh-hant": "用多種語言寫成的標語牌，正在桌上晾乾",
            "th": "ป้ายหลายภาษาที่วางตากไว้บนโต๊ะ",
            "ko": "여러 언어로 쓴 피켓들이 탁자 위에서 마르고 있습니다",
            "km": "ផ្ទាំងពាក្យស្លោកជាច្រើនភាសា កំពុងហាលឱ្យស្ងួតលើតុ",
        },
    ),
    (
        "Placard day: trying them out",
        embassy_protest,
        {
            "en": "Trying out the finished placards",
            "zh-hans": "试举做好的标语牌",
            "zh-hant": "試舉做好的標語牌",
            "th": "ลองชูป้ายที่ทำเสร็จแล้ว",
            "ko": "완성된 피켓을 들어 보는 모습",
            "km": "សាកលើកផ្ទាំងពាក្យស្លោកដែលធ្វើរួច",
        },
    ),
    (
        "Placard day: evening",
        river_light,
        {
            "en": "Evening by the river after the workshop",
            "zh-hans": "工作坊结束后，河边的傍晚",
            "zh-hant": "工作坊結束後，河邊的傍晚",
            "th": "ยามเย็นริมแม่น้ำหลังเวิร์กช็อป",
            "ko": "워크숍을 마친 뒤 강가의 저녁",
            "km": "ពេលល្ងាចនៅមាត់ទន្លេក្រោយសិក្ខាសាលា",
        },
    ),
]

# Invented people who said they are coming: (name, email local part or "" for none, language)
RSVPS = [
    ("มาลี ศรีสุข", "malee.rsvp", "th"),
    ("Somchai K.", "", "th"),
    ("សុខ ចាន់ធី", "chanthy.rsvp", "km"),
    ("김지현", "", "ko"),
    ("陳美玲", "meiling.rsvp", "zh-hant"),
    ("Alex Morgan", "alex.rsvp", "en"),
]


def _image(title: str, draw: Callable[[], Image.Image]) -> AbstractImage:
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    slug = title.split(": ")[-1].replace(" ", "-")
    image = image_model(
        title=title, file=ImageFile(io.BytesIO(jpeg_bytes(draw())), name=f"demo-event-{slug}.jpg")
    )
    image.save()
    return image


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    zone = ZoneInfo(ZONE)
    return datetime.combine(day.astimezone(zone).date(), time(hour, minute), tzinfo=zone)


def _index(home: Page) -> EventIndexPage:
    default = Locale.get_default()
    index = EventIndexPage.objects.filter(locale=default, slug="days-of-action").first()
    if index is None:
        title, summary = INDEX["en"]
        index = EventIndexPage(title=title, slug="days-of-action", summary=summary, locale=default)
        home.add_child(instance=index)
        index.save_revision().publish()
    for locale in Locale.objects.exclude(pk=default.pk):
        if locale.language_code not in INDEX or index.get_translation_or_none(locale):
            continue
        translated = index.copy_for_translation(locale).specific
        translated.title, translated.summary = INDEX[locale.language_code]
        translated.save_revision().publish()
    return index


def _event(
    index: EventIndexPage,
    slug: str,
    texts: dict[str, tuple[str, str, str, str, str]],
    photos: list[tuple[str, Callable[[], Image.Image], dict[str, str]]],
    **settings: object,
) -> EventPage:
    default = Locale.get_default()
    event = EventPage.objects.filter(locale=default, slug=slug).first()
    if event is None:
        title, summary, place_name, address, description = texts["en"]
        event = EventPage(
            title=title,
            slug=slug,
            summary=summary,
            place_name=place_name,
            address=address,
            description=description,
            locale=default,
            time_zone=ZONE,
            **settings,
        )
        event.photos = [
            EventPhoto(image=_image(image_title, draw), caption=captions["en"], locale=default)
            for image_title, draw, captions in photos
        ]
        index.add_child(instance=event)
        event.save_revision().publish()
    for locale in Locale.objects.exclude(pk=default.pk):
        code = locale.language_code
        if code not in texts or event.get_translation_or_none(locale):
            continue
        translated = event.copy_for_translation(locale).specific
        (
            translated.title,
            translated.summary,
            translated.place_name,
            translated.address,
            translated.description,
        ) = texts[code]
        for photo, (_title, _draw, captions) in zip(translated.photos.all(), photos, strict=False):
            photo.caption = captions.get(code, photo.caption)
            photo.save(update_fields=["caption"])
        translated.save_revision().publish()
    return event


def load_demo_rsvps(event: EventPage) -> int:
    """A few RSVPs through the real engine (only with an organisation key); returns how many were new."""
    if not OrganisationKey.objects.filter(active=True).exists() or event.has_started():
        return 0
    created = 0
    for number, (name, local, language) in enumerate(RSVPS):
        email = f"{local}@example.org" if local else ""
        details = {"name": name, **({"email": email} if email else {})}
        outcome = record_rsvp(
            event,
            Submission(
                page_id=event.action_page_id,
                kind="rsvp",
                language=language,
                submission_key=f"demo-rsvp-{number}",
                details=details,
                email=email,
                consents=[ConsentGiven(Consent.Purpose.ACTION, RSVP_CONSENT_VERSION)],
                retention_days=retention_days_for(event),
            ),
        )
        created += outcome.created
        if outcome.created and email and number % 2 == 0:
            confirm_action(confirm_token(outcome.action))
    return created


def load_demo_events(home: Page) -> EventIndexPage:
    """The events index, an upcoming day of action (about three weeks ahead, with RSVPs) and a
    past placard-making day (a month ago, with photos), in every site language. Idempotent."""
    now = timezone.now()
    with transaction.atomic():
        index = _index(home)
        upcoming = _event(
            index,
            "rights-not-rescue-embassy",
            EMBASSY_DAY,
            [],
            starts_at=_at(now + timedelta(days=21), 10),
            ends_at=_at(now + timedelta(days=21), 13),
            map_url="https://www.openstreetmap.org/?mlat=13.7337&mlon=100.5449#map=17/13.7337/100.5449",
            capacity=80,
            retention_days=30,
        )
        _event(
            index,
            "placard-making-day",
            PLACARD_DAY,
            PHOTOS,
            starts_at=_at(now - timedelta(days=30), 14),
            ends_at=_at(now - timedelta(days=30), 18),
            map_url="https://www.openstreetmap.org/?mlat=13.7262&mlon=100.5348#map=17/13.7262/100.5348",
            capacity=30,
            retention_days=30,
        )
    load_demo_rsvps(upcoming)
    return index
