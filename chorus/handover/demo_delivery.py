"""The demo delivery record: the joint letter handed over at the embassy, in six languages,
with three photos drawn here (nothing is downloaded). Published through `records.publish`,
as staff saving it in the admin would."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from chorus.campaigns.models import CampaignPage
from chorus.news.demo_images import HEIGHT, WIDTH, _font, embassy_protest, jpeg_bytes, letter_handover

from .models import DeliveryAnnouncement, DeliveryPhoto, DeliveryRecord
from .services import records

PLACE = "Royal Thai Embassy, Canberra"

ANNOUNCEMENTS = {
    "en": (
        "This week we delivered the joint letter by hand to the Royal Thai Embassy in Canberra, "
        "signed by organisations and individuals from across the region. A member of the embassy "
        "staff received it and promised to forward it to Bangkok.\n\n"
        "Thank you to everyone who signed."
    ),
    "zh-hans": (
        "本周，我们亲手将联名信递交给位于堪培拉的泰国驻澳大利亚大使馆。联名信由本地区各地的组织和个人"
        "共同签署。大使馆一名工作人员接收了信件，并承诺将其转交曼谷。\n\n"
        "感谢每一位签名的人。"
    ),
    "zh-hant": (
        "本週，我們親手將聯名信遞交給位於坎培拉的泰國駐澳洲大使館。聯名信由本地區各地的組織和個人"
        "共同簽署。大使館一名工作人員接收了信件，並承諾將其轉交曼谷。\n\n"
        "感謝每一位簽名的人。"
    ),
    "th": (
        "สัปดาห์นี้เราได้ยื่นจดหมายร่วมด้วยมือต่อสถานเอกอัครราชทูตไทย ณ กรุงแคนเบอร์รา "
        "ซึ่งมีองค์กรและบุคคลจากทั่วภูมิภาคร่วมลงนาม เจ้าหน้าที่สถานทูตได้รับจดหมายไว้"
        "และรับปากว่าจะส่งต่อไปยังกรุงเทพฯ\n\n"
        "ขอบคุณทุกคนที่ร่วมลงนาม"
    ),
    "ko": (
        "이번 주 우리는 캔버라에 있는 주호주 태국 대사관에 공동 서한을 직접 전달했습니다. "
        "이 서한에는 지역 곳곳의 단체와 개인이 함께 서명했습니다. 대사관 직원이 서한을 받았으며 "
        "방콕에 전달하겠다고 약속했습니다.\n\n"
        "서명해 주신 모든 분께 감사드립니다."
    ),
    "km": (
        "សប្តាហ៍នេះ យើងបានប្រគល់លិខិតរួមដោយផ្ទាល់ដៃទៅស្ថានទូតថៃ នៅទីក្រុងកង់បេរ៉ា "
        "ដែលមានអង្គការ និងបុគ្គលមកពីទូទាំងតំបន់បានចុះហត្ថលេខា។ មន្ត្រីស្ថានទូតម្នាក់បានទទួលលិខិតនេះ "
        "ហើយបានសន្យាថានឹងបញ្ជូនបន្តទៅទីក្រុងបាងកក។\n\n"
        "សូមអរគុណដល់អ្នកទាំងអស់ដែលបានចុះហត្ថលេខា។"
    ),
}


# The delivery's facts and the photo captions (in the order of PHOTOS) in every language:
# (where, delivered by, received by, captions). English is the record's own wording.
FACTS = {
    "en": (
        PLACE,
        "Riverlight Collective, with partner organisations",
        "A representative of the Ambassador",
        [
            "The joint letter in its envelope, ready for the embassy",
            "Supporters with placards outside the embassy on the day",
            "The signatures, bound and boxed for the handover",
        ],
    ),
    "th": (
        "สถานเอกอัครราชทูตไทย ณ กรุงแคนเบอร์รา",
        "กลุ่มริเวอร์ไลต์ ร่วมกับองค์กรภาคี",
        "ผู้แทนของเอกอัครราชทูต",
        [
            "จดหมายร่วมในซอง พร้อมยื่นต่อสถานทูต",
            "ผู้สนับสนุนถือป้ายอยู่หน้าสถานทูตในวันนั้น",
            "รายชื่อผู้ร่วมลงนาม เย็บเล่มและบรรจุกล่องไว้สำหรับการยื่น",
        ],
    ),
    "zh-hans": (
        "泰国驻堪培拉大使馆",
        "河光联盟与伙伴组织",
        "大使的一位代表",
        [
            "装在信封里的联名信，准备递交大使馆",
            "当天在大使馆外举着标语牌的支持者",
            "装订成册、装箱待递交的签名",
        ],
    ),
    "zh-hant": (
        "泰國駐坎培拉大使館",
        "河光聯盟與夥伴組織",
        "大使的一位代表",
        [
            "裝在信封裡的聯名信，準備遞交大使館",
            "當天在大使館外舉著標語牌的支持者",
            "裝訂成冊、裝箱待遞交的簽名",
        ],
    ),
    "ko": (
        "캔버라 주재 태국 대사관",
        "리버라이트 연대와 파트너 단체들",
        "대사의 대리인",
        [
            "대사관에 전달할 준비를 마친 봉투 속 공동 서한",
            "그날 대사관 앞에서 피켓을 든 지지자들",
            "전달을 위해 제본하여 상자에 담은 서명",
        ],
    ),
    "km": (
        "ស្ថានទូតថៃ នៅទីក្រុងកង់បេរ៉ា",
        "សមូហភាពពន្លឺទន្លេ រួមជាមួយអង្គការដៃគូ",
        "តំណាងរបស់ឯកអគ្គរដ្ឋទូត",
        [
            "លិខិតរួមនៅក្នុងស្រោមសំបុត្រ រួចរាល់សម្រាប់ប្រគល់ជូនស្ថានទូត",
            "អ្នកគាំទ្រកាន់ផ្ទាំងពាក្យស្លោកនៅមុខស្ថានទូតនៅថ្ងៃនោះ",
            "ហត្ថលេខាដែលបានចងជាសៀវភៅ និងដាក់ក្នុងប្រអប់សម្រាប់ការប្រគល់",
        ],
    ),
}


def _translated(language: str, text: str) -> DeliveryAnnouncement:
    place, by, to, captions = FACTS[language]
    return DeliveryAnnouncement(
        language=language,
        text=text,
        place=place,
        delivered_by=by,
        delivered_to=to,
        captions="\n".join(captions),
    )


def _add_translations(record: DeliveryRecord) -> None:
    """Fill in the facts and captions of a demo record loaded before they were translatable."""
    for announcement in DeliveryAnnouncement.objects.filter(record=record, place=""):
        if announcement.language in FACTS:
            translated = _translated(announcement.language, announcement.text)
            DeliveryAnnouncement.objects.filter(pk=announcement.pk).update(
                place=translated.place,
                delivered_by=translated.delivered_by,
                delivered_to=translated.delivered_to,
                captions=translated.captions,
            )


def signature_box() -> Image.Image:
    """A box of bound signature pages on a table, tied with a ribbon."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (236, 228, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 640, WIDTH, HEIGHT], fill=(150, 104, 70))
    draw.polygon([(360, 420), (1240, 420), (1320, 820), (280, 820)], fill=(196, 160, 110))
    for layer in range(7):
        top = 380 - layer * 26
        draw.rectangle([420, top, 1180, top + 30], fill=(252, 250, 244), outline=(190, 186, 176), width=3)
    draw.rectangle([770, 200, 830, 820], fill=(138, 28, 74))
    draw.rectangle([280, 600, 1320, 650], fill=(138, 28, 74))
    label = _font("NotoSans-Bold.ttf", 54)
    draw.text((470, 470), "Joint letter · signatures", font=label, fill=(40, 30, 30))
    draw.text((470, 540), "รายชื่อผู้ร่วมลงนาม", font=_font("NotoSansThai-Bold.ttf", 46), fill=(40, 30, 30))
    return image


PHOTOS: list[tuple[str, Callable[[], Image.Image], str]] = [
    ("Delivery: letter", letter_handover, FACTS["en"][3][0]),
    ("Delivery: placards", embassy_protest, FACTS["en"][3][1]),
    ("Delivery: signatures", signature_box, FACTS["en"][3][2]),
]


def _image(title: str, draw: Callable[[], Image.Image]) -> AbstractImage:
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    data = jpeg_bytes(draw())
    slug = title.split(": ")[-1]
    image = image_model(title=title, file=ImageFile(io.BytesIO(data), name=f"demo-delivery-{slug}.jpg"))
    image.save()
    return image


def load_demo_delivery(campaign: CampaignPage) -> None:
    """The hand delivery of the demo joint letter, published on every translation. Idempotent."""
    existing = DeliveryRecord.objects.filter(
        campaign__translation_key=campaign.translation_key, place=PLACE
    ).first()
    if existing is not None:
        _add_translations(existing)
        return
    with transaction.atomic():
        delivered_at = (timezone.now() - timedelta(days=3)).replace(
            hour=10, minute=30, second=0, microsecond=0
        )
        record = DeliveryRecord(
            campaign=campaign,
            delivered_at=delivered_at,
            place=PLACE,
            delivered_by=FACTS["en"][1],
            delivered_to=FACTS["en"][2],
            mail_signers=True,
        )
        record.announcements = [_translated(language, text) for language, text in ANNOUNCEMENTS.items()]
        record.photos = [
            DeliveryPhoto(image=_image(title, draw), caption=caption) for title, draw, caption in PHOTOS
        ]
        record.save()
        records.publish(record)
