"""Texts of the demo letter campaign: the page, its letter in six languages, four targets.

Written for this project; the people, addresses and mail domains are invented (`.example`
domains cannot receive mail).
"""

from __future__ import annotations

from typing import TypedDict

SLUG = "safe-passage-home"


class PageText(TypedDict):
    title: str
    summary: str
    ask: str
    body: str
    subject: str
    salutation: str
    letter: str
    closing: str


PAGE: dict[str, PageText] = {
    "en": {
        "title": "Safe passage home",
        "summary": "Workers detained after raids are sent home without their wages, an interpreter or a lawyer. "
        "Write to the people who can change that.",
        "ask": "Write to the Ambassador, the Minister, the UN and our partners",
        "body": "<p>When police raid a workplace, migrant workers are often detained and deported within days: "
        "no interpreter, no lawyer, no chance to collect the wages they are owed. Some are punished again "
        "when they arrive home.</p><p>Make your mark: write a personal letter to each of the four people "
        "who can change this, each in their own language. Download it, send it from your own email, post "
        "it — or let us send it for you.</p>",
        "subject": "Safe passage home for workers detained after raids",
        "salutation": "Dear {target_name},",
        "letter": "I am writing to you about the workers who are detained after police raids on their "
        "workplaces in Australia.\n\n"
        "Many of them are migrants from Thailand, Korea, Cambodia and China. After a raid they are often "
        "held without an interpreter, without legal advice and without a chance to collect the wages they "
        "are owed, and then sent home with nothing.\n\n"
        "{personal_paragraph}\n\n"
        "I ask you, as {target_title}, to make sure that every detained worker can speak with an "
        "interpreter and a lawyer, recovers their unpaid wages, and returns home safely, without "
        "punishment on arrival.\n\n"
        "Thank you for reading my letter. I look forward to your reply.",
        "closing": "Yours sincerely,",
    },
    "th": {
        "title": "กลับบ้านอย่างปลอดภัย",
        "summary": "คนทำงานที่ถูกควบคุมตัวหลังการบุกค้นถูกส่งกลับบ้านโดยไม่ได้รับค่าจ้าง ไม่มีล่าม และไม่มีทนายความ "
        "เขียนจดหมายถึงผู้ที่เปลี่ยนแปลงเรื่องนี้ได้",
        "ask": "เขียนถึงเอกอัครราชทูต รัฐมนตรี สหประชาชาติ และภาคีของเรา",
        "body": "<p>เมื่อตำรวจบุกค้นสถานที่ทำงาน แรงงานข้ามชาติมักถูกควบคุมตัวและถูกส่งกลับภายในไม่กี่วัน "
        "ไม่มีล่าม ไม่มีทนายความ และไม่มีโอกาสได้รับค่าจ้างที่ค้างจ่าย บางคนยังถูกลงโทษซ้ำเมื่อกลับถึงบ้าน</p>"
        "<p>ร่วมส่งเสียงของคุณ: เขียนจดหมายส่วนตัวถึงทั้งสี่ท่านที่เปลี่ยนแปลงเรื่องนี้ได้ ในภาษาของแต่ละท่าน "
        "ดาวน์โหลด ส่งจากอีเมลของคุณเอง ส่งทางไปรษณีย์ หรือให้เราส่งแทนคุณ</p>",
        "subject": "ขอให้คนทำงานที่ถูกควบคุมตัวหลังการบุกค้นได้กลับบ้านอย่างปลอดภัย",
        "salutation": "เรียน {target_name}",
        "letter": "ข้าพเจ้าเขียนจดหมายฉบับนี้ถึงท่านเกี่ยวกับคนทำงานที่ถูกควบคุมตัวหลังการบุกค้นสถานที่ทำงานโดยตำรวจ"
        "ในประเทศออสเตรเลีย\n\n"
        "หลายคนเป็นแรงงานข้ามชาติจากไทย เกาหลี กัมพูชา และจีน หลังการบุกค้น พวกเขามักถูกควบคุมตัวโดยไม่มีล่าม "
        "ไม่ได้รับคำปรึกษาทางกฎหมาย และไม่มีโอกาสได้รับค่าจ้างที่ค้างจ่าย แล้วถูกส่งกลับบ้านมือเปล่า\n\n"
        "{personal_paragraph}\n\n"
        "ข้าพเจ้าขอให้ท่านในฐานะ{target_title} ดูแลให้คนทำงานทุกคนที่ถูกควบคุมตัวได้พูดคุยกับล่ามและทนายความ "
        "ได้รับค่าจ้างที่ค้างจ่ายคืน และได้กลับบ้านอย่างปลอดภัยโดยไม่ถูกลงโทษเมื่อเดินทางถึง\n\n"
        "ขอขอบคุณที่ท่านได้อ่านจดหมายของข้าพเจ้า และหวังว่าจะได้รับคำตอบจากท่าน",
        "closing": "ขอแสดงความนับถือ",
    },
    "zh-hans": {
        "title": "安全回家",
        "summary": "突击搜查后被拘留的劳动者在没有工资、没有翻译、没有律师的情况下被遣送回国。写信给能改变这一切的人。",
        "ask": "写信给大使、部长、联合国和我们的伙伴",
        "body": "<p>警方突击搜查工作场所后，移民劳动者常常被拘留，并在几天内被遣送出境：没有翻译，没有律师，"
        "也没有机会领取被拖欠的工资。有些人回国后还会再次受到惩罚。</p><p>留下你的声音：给能改变这一切的四个人"
        "各写一封亲笔信，用他们各自的语言。下载它，用你自己的邮箱发送，邮寄出去——或者让我们替你发送。</p>",
        "subject": "让突击搜查后被拘留的劳动者安全回家",
        "salutation": "尊敬的{target_name}：",
        "letter": "我写信给您，是为了在澳大利亚警方突击搜查工作场所后被拘留的劳动者。\n\n"
        "他们中许多人是来自泰国、韩国、柬埔寨和中国的移民。突击搜查之后，他们常常在没有翻译、没有法律咨询、"
        "也没有机会领取被拖欠工资的情况下被拘留，然后两手空空地被遣送回国。\n\n"
        "{personal_paragraph}\n\n"
        "我请求您以{target_title}的身份，确保每一位被拘留的劳动者都能与翻译和律师交谈，追回被拖欠的工资，"
        "并安全回家，回国后不受惩罚。\n\n"
        "感谢您阅读我的信，期待您的回复。",
        "closing": "此致\n敬礼！",
    },
    "zh-hant": {
        "title": "安全回家",
        "summary": "突擊搜查後被拘留的勞動者在沒有工資、沒有翻譯、沒有律師的情況下被遣送回國。寫信給能改變這一切的人。",
        "ask": "寫信給大使、部長、聯合國和我們的夥伴",
        "body": "<p>警方突擊搜查工作場所後，移民勞動者常常被拘留，並在幾天內被遣送出境：沒有翻譯，沒有律師，"
        "也沒有機會領取被拖欠的工資。有些人回國後還會再次受到懲罰。</p><p>留下你的聲音：給能改變這一切的四個人"
        "各寫一封親筆信，用他們各自的語言。下載它，用你自己的信箱寄出，郵寄出去——或者讓我們替你寄出。</p>",
        "subject": "讓突擊搜查後被拘留的勞動者安全回家",
        "salutation": "尊敬的{target_name}：",
        "letter": "我寫信給您，是為了在澳洲警方突擊搜查工作場所後被拘留的勞動者。\n\n"
        "他們中許多人是來自泰國、韓國、柬埔寨和中國的移民。突擊搜查之後，他們常常在沒有翻譯、沒有法律諮詢、"
        "也沒有機會領取被拖欠工資的情況下被拘留，然後兩手空空地被遣送回國。\n\n"
        "{personal_paragraph}\n\n"
        "我請求您以{target_title}的身分，確保每一位被拘留的勞動者都能與翻譯和律師交談，追回被拖欠的工資，"
        "並安全回家，回國後不受懲罰。\n\n"
        "感謝您閱讀我的信，期待您的回覆。",
        "closing": "此致\n敬禮！",
    },
    "ko": {
        "title": "안전한 귀국길",
        "summary": "단속 후 구금된 노동자들은 임금도, 통역도, 변호사도 없이 본국으로 보내집니다. 이를 바꿀 수 있는 "
        "사람들에게 편지를 써 주세요.",
        "ask": "대사, 장관, 유엔, 그리고 우리의 파트너에게 편지를 써 주세요",
        "body": "<p>경찰이 일터를 단속하면 이주노동자들은 구금되어 며칠 만에 추방되는 경우가 많습니다. 통역도, "
        "변호사도 없고, 밀린 임금을 받을 기회도 없습니다. 귀국한 뒤 다시 처벌받는 사람도 있습니다.</p>"
        "<p>목소리를 보태 주세요. 이를 바꿀 수 있는 네 사람에게 각자의 언어로 직접 편지를 써 주세요. "
        "내려받아 직접 이메일로 보내거나 우편으로 부칠 수 있고, 우리가 대신 보내 드릴 수도 있습니다.</p>",
        "subject": "단속 후 구금된 노동자들이 안전하게 귀국할 수 있도록 해 주십시오",
        "salutation": "{target_name} 님께",
        "letter": "호주에서 경찰이 일터를 단속한 뒤 구금된 노동자들에 관해 이 편지를 드립니다.\n\n"
        "이들 중 많은 사람은 태국, 한국, 캄보디아, 중국에서 온 이주노동자입니다. 단속 후 이들은 통역도, "
        "법률 상담도 없이, 밀린 임금을 받을 기회도 없이 구금되었다가 빈손으로 본국에 송환되는 경우가 "
        "많습니다.\n\n"
        "{personal_paragraph}\n\n"
        "구금된 모든 노동자가 통역사와 변호사의 도움을 받고, 밀린 임금을 돌려받고, 귀국 후 처벌받지 않고 "
        "안전하게 집으로 돌아갈 수 있도록 힘써 주시기를 요청드립니다.\n\n"
        "제 편지를 읽어 주셔서 감사합니다. 답변을 기다리겠습니다.",
        "closing": "존경을 담아",
    },
    "km": {
        "title": "ការធ្វើដំណើរត្រឡប់ទៅផ្ទះវិញដោយសុវត្ថិភាព",
        "summary": "កម្មករដែលត្រូវបានឃុំខ្លួនក្រោយការវាយឆ្មក់ ត្រូវបានបញ្ជូនទៅផ្ទះវិញដោយគ្មានប្រាក់ឈ្នួល "
        "គ្មានអ្នកបកប្រែ និងគ្មានមេធាវី។ សូមសរសេរទៅកាន់អ្នកដែលអាចផ្លាស់ប្តូររឿងនេះបាន។",
        "ask": "សរសេរទៅកាន់ឯកអគ្គរដ្ឋទូត រដ្ឋមន្ត្រី អង្គការសហប្រជាជាតិ និងដៃគូរបស់យើង",
        "body": "<p>នៅពេលប៉ូលិសវាយឆ្មក់កន្លែងធ្វើការ ពលករចំណាកស្រុកតែងតែត្រូវបានឃុំខ្លួន "
        "ហើយបណ្តេញចេញក្នុងរយៈពេលតែប៉ុន្មានថ្ងៃ៖ គ្មានអ្នកបកប្រែ គ្មានមេធាវី "
        "គ្មានឱកាសទទួលប្រាក់ឈ្នួលដែលគេជំពាក់។ អ្នកខ្លះត្រូវបានដាក់ទោសម្តងទៀតនៅពេលមកដល់ផ្ទះ។</p>"
        "<p>សូមបញ្ចេញសំឡេងរបស់អ្នក៖ សរសេរលិខិតផ្ទាល់ខ្លួនទៅកាន់មនុស្សទាំងបួននាក់ដែលអាចផ្លាស់ប្តូររឿងនេះ "
        "ជាភាសារបស់ពួកគេម្នាក់ៗ។ ទាញយកវា ផ្ញើពីអ៊ីមែលរបស់អ្នកផ្ទាល់ ផ្ញើតាមប្រៃសណីយ៍ "
        "ឬឱ្យយើងផ្ញើជំនួសអ្នក។</p>",
        "subject": "សូមឱ្យកម្មករដែលត្រូវបានឃុំខ្លួនក្រោយការវាយឆ្មក់ បានត្រឡប់ទៅផ្ទះវិញដោយសុវត្ថិភាព",
        "salutation": "គោរពជូន {target_name}",
        "letter": "ខ្ញុំសរសេរលិខិតនេះជូនលោក/លោកស្រី អំពីកម្មករដែលត្រូវបានឃុំខ្លួន "
        "បន្ទាប់ពីប៉ូលិសវាយឆ្មក់កន្លែងធ្វើការរបស់ពួកគេនៅប្រទេសអូស្ត្រាលី។\n\n"
        "ពួកគេជាច្រើននាក់ជាពលករចំណាកស្រុកមកពីប្រទេសថៃ កូរ៉េ កម្ពុជា និងចិន។ បន្ទាប់ពីការវាយឆ្មក់ "
        "ពួកគេតែងតែត្រូវបានឃុំខ្លួនដោយគ្មានអ្នកបកប្រែ គ្មានការប្រឹក្សាផ្លូវច្បាប់ "
        "និងគ្មានឱកាសទទួលប្រាក់ឈ្នួលដែលគេជំពាក់ ហើយត្រូវបានបញ្ជូនត្រឡប់ទៅផ្ទះវិញដោយដៃទទេ។\n\n"
        "{personal_paragraph}\n\n"
        "ខ្ញុំសូមស្នើឱ្យលោក/លោកស្រី ធានាថាកម្មករដែលត្រូវបានឃុំខ្លួនគ្រប់រូបអាចនិយាយជាមួយអ្នកបកប្រែ និងមេធាវី "
        "ទទួលបានប្រាក់ឈ្នួលដែលគេជំពាក់មកវិញ និងត្រឡប់ទៅផ្ទះវិញដោយសុវត្ថិភាព "
        "ដោយមិនត្រូវបានដាក់ទោសនៅពេលមកដល់។\n\n"
        "សូមអរគុណសម្រាប់ការអានលិខិតរបស់ខ្ញុំ។ ខ្ញុំសង្ឃឹមថានឹងទទួលបានការឆ្លើយតបពីលោក/លោកស្រី។",
        "closing": "ដោយក្តីគោរព",
    },
}


class TargetText(TypedDict, total=False):
    name: str
    title: str
    organisation: str
    salutation: str
    postal_address: str


class TargetSpec(TypedDict):
    key: str  # a name for the demo; the demo finds an existing target by its email address
    country: str
    letter_languages: str
    email: str
    public_email: str
    contact_url: str
    region_code: str
    delivery: str
    texts: dict[str, TargetText]


TARGETS: list[TargetSpec] = [
    {
        "key": "ambassador",
        "country": "AU",
        "letter_languages": "th, en",
        "email": "ambassador@thai-embassy.example",
        "public_email": "",
        "contact_url": "https://thai-embassy.example/contact",
        "region_code": "AU-ACT",
        "delivery": "each",
        "texts": {
            "en": {
                "name": "Ms Pimchanok Suwannarat",
                "title": "Ambassador of the Kingdom of Thailand to Australia",
                "organisation": "Royal Thai Embassy, Canberra",
                "salutation": "Your Excellency,",
                "postal_address": "12 Demo Crescent\nYarralumla ACT 2600\nAustralia",
            },
            "th": {
                "name": "นางพิมพ์ชนก สุวรรณรัตน์",
                "title": "เอกอัครราชทูตแห่งราชอาณาจักรไทยประจำออสเตรเลีย",
                "organisation": "สถานเอกอัครราชทูต ณ กรุงแคนเบอร์รา",
                "salutation": "เรียน ท่านเอกอัครราชทูต",
                "postal_address": "12 Demo Crescent\nYarralumla ACT 2600\nAustralia",
            },
        },
    },
    {
        "key": "minister",
        "country": "KR",
        "letter_languages": "ko, en",
        "email": "minister@mofa-korea.example",
        "public_email": "",
        "contact_url": "https://mofa-korea.example/contact",
        "region_code": "KR-11",
        "delivery": "each",
        "texts": {
            "en": {
                "name": "Mr Han Seung-woo",
                "title": "Minister of Foreign Affairs",
                "organisation": "Ministry of Foreign Affairs, Republic of Korea",
                "salutation": "Dear Minister,",
                "postal_address": "60 Demo-ro, Jongno-gu\nSeoul 03172\nRepublic of Korea",
            },
            "ko": {
                "name": "한승우",
                "title": "외교부 장관",
                "organisation": "대한민국 외교부",
                "salutation": "존경하는 한승우 장관님께",
                "postal_address": "03172 서울특별시 종로구 데모로 60",
            },
        },
    },
    {
        "key": "un-agency",
        "country": "TH",
        "letter_languages": "en",
        "email": "asiapacific@un-labour-migration.example",
        "public_email": "",
        "contact_url": "https://un-labour-migration.example/asia-pacific",
        "region_code": "TH-10",
        "delivery": "digest",
        "texts": {
            "en": {
                "name": "Dr Amina Farah",
                "title": "Regional Director",
                "organisation": "UN Regional Office on Labour Migration (Asia-Pacific)",
                "salutation": "Dear Dr Farah,",
                "postal_address": "Demo Building, 99 Example Road\nBangkok 10200\nThailand",
            },
        },
    },
    {
        "key": "partner-network",
        "country": "KH",
        "letter_languages": "km, en",
        "email": "coordinator@mekong-workers.example",
        "public_email": "hello@mekong-workers.example",
        "contact_url": "https://mekong-workers.example/",
        "region_code": "KH-12",
        "delivery": "each",
        "texts": {
            "en": {
                "name": "Ms Sok Chanthou",
                "title": "Coordinator",
                "organisation": "Mekong Workers' Solidarity Network",
                "salutation": "Dear Chanthou,",
                "postal_address": "No. 21, Street Demo 310\nBoeung Keng Kang, Phnom Penh\nCambodia",
            },
            "km": {
                "name": "លោកស្រី សុខ ចាន់ធូ",
                "title": "អ្នកសម្របសម្រួល",
                "organisation": "បណ្តាញសាមគ្គីភាពកម្មករមេគង្គ",
                "salutation": "គោរពជូន លោកស្រី សុខ ចាន់ធូ",
                "postal_address": "ផ្ទះលេខ ២១ ផ្លូវ Demo 310\nសង្កាត់បឹងកេងកង រាជធានីភ្នំពេញ\nកម្ពុជា",
            },
        },
    },
]

# Invented letter writers: (name, city, country, language, email local part or "" for none,
# asks us to send it, a personal paragraph).
WRITERS = [
    ("มาลี ศรีสุข", "เชียงใหม่", "TH", "th", "malee", True, "ฉันเคยทำงานในซิดนีย์ และเห็นเพื่อนถูกส่งกลับโดยไม่ได้รับค่าจ้างเลย"),
    ("김지현", "부산", "KR", "ko", "jihyun", True, ""),
    (
        "Jamie Lee",
        "Melbourne",
        "AU",
        "en",
        "jamie",
        False,
        "My neighbour was deported last year. Nobody told her why.",
    ),
    ("王小明", "", "CN", "zh-hans", "xiaoming", False, ""),
    ("សុខ ចាន់ធី", "ភ្នំពេញ", "KH", "km", "", False, ""),
    ("Dara Pich", "Siem Reap", "KH", "en", "", False, ""),
    ("박서연", "", "", "ko", "", False, ""),
    ("Alex Morgan", "Sydney", "AU", "en", "", False, ""),
    ("陳美玲", "台北", "TW", "zh-hant", "meiling", False, ""),
    ("Somchai K.", "Bangkok", "TH", "th", "", False, ""),
]
