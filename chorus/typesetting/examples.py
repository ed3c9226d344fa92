"""A fictional letter in every language, for previews, the benchmark and the tests.

The texts are real prose with the hard parts of each script: long Thai and Khmer runs without
spaces (line breaking), stacked Thai marks (ผู้ ที่ ได้ น้ำ), Khmer subscript consonants,
Simplified and Traditional forms of the same Han characters, and Hangul.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any, TypedDict

from .data import LetterData
from .dates import format_letter_date

ORGANISATION = "Riverlight Collective"
EXAMPLE_DATE = datetime.date(2026, 11, 28)


class _Text(TypedDict):
    sender: list[str]
    recipient: list[str]
    subject: str
    salutation: str
    paragraphs: list[str]
    closing: str


_TEXTS: dict[str, _Text] = {
    "en": {
        "sender": ["Alex Morgan", "Sydney", "Australia"],
        "recipient": [
            "H.E. Ms Nicha Wongsa",
            "Ambassador of the Kingdom of Thailand",
            "Royal Thai Embassy",
            "99 Riverside Drive",
            "Canberra ACT 2600",
        ],
        "subject": "Protect the rights of sex workers",
        "salutation": "Your Excellency,",
        "paragraphs": [
            "We write to ask your government to end the raids on sex workers' workplaces and to "
            "meet community organisations before the new law is passed.",
            "People who are arrested lose their savings and their homes, and many are afraid to "
            "report violence to the police. Decriminalisation is the safest path for everyone.",
            "I have worked with migrant women in Sydney for ten years and have seen how fear "
            "keeps people away from health care.",
        ],
        "closing": "Yours sincerely,",
    },
    "th": {
        "sender": ["สมชาย ใจดี", "เชียงใหม่", "ประเทศไทย"],
        "recipient": [
            "นายประเสริฐ วงศ์ใหญ่",
            "เอกอัครราชทูตไทยประจำออสเตรเลีย",
            "สถานเอกอัครราชทูตไทย",
            "99 Riverside Drive",
            "Canberra ACT 2600",
        ],
        "subject": "เรื่อง ขอให้คุ้มครองสิทธิของพนักงานบริการ",
        "salutation": "เรียน ท่านเอกอัครราชทูต",
        "paragraphs": [
            "ข้าพเจ้าเขียนจดหมายฉบับนี้เพื่อขอให้รัฐบาลของท่านยุติการบุกตรวจสถานที่ทำงานของพนักงานบริการ "
            "และรับฟังความคิดเห็นขององค์กรชุมชนก่อนที่กฎหมายฉบับใหม่จะผ่านการพิจารณา",
            "ผู้ที่ได้รับผลกระทบจากการจับกุมต้องสูญเสียเงินออมและที่อยู่อาศัย หลายคนไม่กล้าแจ้งความเมื่อถูกทำร้าย "
            "การยกเลิกความผิดทางอาญาจึงเป็นหนทางที่ปลอดภัยที่สุดสำหรับทุกคน",
            "ข้าพเจ้าทำงานกับแรงงานข้ามชาติในเชียงใหม่มาสิบปีและได้เห็นว่าความหวาดกลัวทำให้ผู้คนไม่กล้าเข้าถึงบริการสุขภาพแม้ในยามน้ำท่วม",
        ],
        "closing": "ขอแสดงความนับถือ",
    },
    "km": {
        "sender": ["សុខ ស្រីពៅ", "ភ្នំពេញ", "កម្ពុជា"],
        "recipient": [
            "ឯកឧត្តម ជា សុវណ្ណ",
            "ឯកអគ្គរដ្ឋទូតកម្ពុជាប្រចាំអូស្ត្រាលី",
            "ស្ថានទូតកម្ពុជា",
            "99 Riverside Drive",
            "Canberra ACT 2600",
        ],
        "subject": "កម្មវត្ថុ៖ សូមការពារសិទ្ធិរបស់អ្នកធ្វើការផ្លូវភេទ",
        "salutation": "គោរពជូន ឯកឧត្តមឯកអគ្គរដ្ឋទូត",
        "paragraphs": [
            "យើងខ្ញុំសូមសរសេរលិខិតនេះដើម្បីស្នើសុំឱ្យរដ្ឋាភិបាលរបស់ឯកឧត្តមបញ្ឈប់ការឆ្មក់ចូលកន្លែងធ្វើការរបស់អ្នកធ្វើការផ្លូវភេទ "
            "និងពិគ្រោះយោបល់ជាមួយអង្គការសហគមន៍មុនពេលច្បាប់ថ្មីត្រូវបានអនុម័ត។",
            "អ្នកដែលត្រូវបានចាប់ខ្លួនបាត់បង់ប្រាក់សន្សំនិងលំនៅដ្ឋាន ហើយមនុស្សជាច្រើនខ្លាចរាយការណ៍អំពើហិង្សាទៅប៉ូលិស។",
            "ខ្ញុំបានធ្វើការជាមួយស្ត្រីចំណាកស្រុកនៅភ្នំពេញអស់រយៈពេលដប់ឆ្នាំ ហើយបានឃើញថាការភ័យខ្លាចធ្វើឱ្យមនុស្សមិនហ៊ានទៅរកសេវាសុខភាព។",
        ],
        "closing": "សូមឯកឧត្តមទទួលនូវការគោរពដ៏ខ្ពង់ខ្ពស់អំពីខ្ញុំ",
    },
    "zh-hans": {
        "sender": ["王小明", "广州", "中国"],
        "recipient": [
            "李华 大使",
            "中华人民共和国驻澳大利亚大使馆",
            "15 Coronation Drive",
            "Canberra ACT 2600",
        ],
        "subject": "事由：请保护性工作者的权利",
        "salutation": "尊敬的大使阁下：",
        "paragraphs": [
            "我们谨致函贵国政府，请求停止对性工作者工作场所的突击搜查，并在新法律通过之前与社区组织会面。",
            "被逮捕的人失去了积蓄和住所，许多人遭受暴力后也不敢报警。非刑罪化是对所有人最安全的道路。",
            "我在广州与外来务工女性一起工作了10年，亲眼看到恐惧如何让人们远离医疗服务。",
        ],
        "closing": "此致\n敬礼！",
    },
    "zh-hant": {
        "sender": ["陳美玲", "臺北", "臺灣"],
        "recipient": [
            "林志明 大使",
            "駐澳大利亞臺北經濟文化辦事處",
            "40 Blackall Street",
            "Canberra ACT 2600",
        ],
        "subject": "事由：請保護性工作者的權利",
        "salutation": "尊敬的大使閣下：",
        "paragraphs": [
            "我們謹致函貴國政府，請求停止對性工作者工作場所的突擊搜查，並在新法律通過之前與社區組織會面。",
            "被逮捕的人失去了積蓄和住所，許多人遭受暴力後也不敢報警。除罪化是對所有人最安全的道路。",
            "我在臺北與移工女性一起工作了10年，親眼看到恐懼如何讓人們遠離醫療服務。",
        ],
        "closing": "此致\n敬禮",
    },
    "ko": {
        "sender": ["김철수", "부산", "대한민국"],
        "recipient": [
            "박지훈 대사",
            "주오스트레일리아 대한민국 대사관",
            "113 Empire Circuit",
            "Canberra ACT 2600",
        ],
        "subject": "제목: 성노동자의 권리를 보호해 주십시오",
        "salutation": "존경하는 대사님께",
        "paragraphs": [
            "귀국 정부가 성노동자의 일터에 대한 단속을 중단하고, 새 법안이 통과되기 전에 지역사회 단체와 "
            "만나 주실 것을 요청드리기 위해 이 편지를 씁니다.",
            "체포된 사람들은 저축과 집을 잃고, 많은 이들이 폭력을 당해도 경찰에 신고하기를 두려워합니다. "
            "비범죄화는 모두에게 가장 안전한 길입니다.",
            "저는 부산에서 이주 여성들과 함께 10년 동안 일하며 두려움이 사람들을 의료 서비스에서 멀어지게 하는 것을 보았습니다.",
        ],
        "closing": "감사합니다.",
    },
}

EXAMPLE_LANGUAGES = tuple(_TEXTS)


def example_letter(language: str, **changes: Any) -> LetterData:
    """The example letter in `language`; keyword arguments replace fields (a name, a paragraph)."""
    text = _TEXTS[language]
    letter = LetterData(
        language=language,
        sender_organisation=ORGANISATION,
        sender_lines=list(text["sender"]),
        recipient_lines=list(text["recipient"]),
        date_text=format_letter_date(EXAMPLE_DATE, language),
        salutation=text["salutation"],
        paragraphs=list(text["paragraphs"]),
        closing=text["closing"],
        signature=text["sender"][0],
        subject=text["subject"],
    )
    return replace(letter, **changes)
