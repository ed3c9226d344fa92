"""Texts of the demo news, written for this project's fictional organisation.

Kept apart from demo.py so the loader stays readable. Each article has its own languages:
some are not translated into every language on purpose, so the fallback notice shows.
"""

from __future__ import annotations

import datetime
from typing import Any

UTC = datetime.UTC

NEWS_INDEX = {
    "en": ("News", "<p>Actions, updates and statements from the Collective and our partners.</p>"),
    "th": ("ข่าว", "<p>กิจกรรม ความคืบหน้า และแถลงการณ์จากกลุ่มและภาคีของเรา</p>"),
    "zh-hans": ("新闻", "<p>来自联盟和伙伴的行动、动态与声明。</p>"),
    "zh-hant": ("新聞", "<p>來自聯盟和夥伴的行動、動態與聲明。</p>"),
    "ko": ("소식", "<p>연대와 파트너 단체의 행동, 소식, 성명.</p>"),
    "km": ("ព័ត៌មាន", "<p>សកម្មភាព ព័ត៌មានថ្មីៗ និងសេចក្តីថ្លែងការណ៍ពីសមូហភាព និងដៃគូរបស់យើង។</p>"),
}

IMAGES = {
    "embassy": "Placards outside the embassy",
    "letter": "Letter to the Ambassador",
    "drop-in": "Drop-in space table",
    "river": "Riverlight abstract",
}

LETTER: dict[str, dict[str, str]] = {
    "en": {
        "title": "Letter to the Ambassador",
        "sender": "Riverlight Collective and 312 supporters",
        "recipient": "The Ambassador",
        "summary": "Our letter asking that workers are not arrested, evicted or deported, and that partners are heard.",
        "body": "<p>Your Excellency,</p>"
        "<p>We write as sex workers and allies who work alongside community groups in Cambodia, Thailand, China and Korea.</p>"
        "<p>Our partners tell us of raids in which workers lost their rooms, their savings and their documents. "
        "These raids are carried out in the name of rescue, yet they leave people less safe.</p>"
        "<p>We ask you to ensure that no worker is arrested, evicted or deported for the work they do, "
        "and that our partners are heard before any new law is written.</p>"
        "<p>We would welcome a meeting with you and a delegation of workers.</p>"
        "<p>Yours sincerely,<br>Riverlight Collective</p>",
    },
    "th": {
        "title": "จดหมายถึงเอกอัครราชทูต",
        "sender": "กลุ่มริเวอร์ไลต์และผู้สนับสนุน 312 คน",
        "recipient": "ท่านเอกอัครราชทูต",
        "summary": "จดหมายของเราที่ขอให้ไม่มีคนทำงานถูกจับกุม ขับไล่ หรือเนรเทศ และขอให้รับฟังภาคีของเรา",
        "body": "<p>เรียน ท่านเอกอัครราชทูต</p>"
        "<p>เราเขียนในฐานะพนักงานบริการและพันธมิตรที่ทำงานร่วมกับกลุ่มชุมชนในกัมพูชา ไทย จีน และเกาหลี</p>"
        "<p>ภาคีของเราเล่าถึงการบุกค้นที่ทำให้คนทำงานสูญเสียห้องพัก เงินออม และเอกสาร "
        "การบุกค้นเหล่านี้ทำในนามของการช่วยเหลือ แต่กลับทำให้ผู้คนปลอดภัยน้อยลง</p>"
        "<p>เราขอให้ท่านดูแลไม่ให้คนทำงานคนใดถูกจับกุม ขับไล่ หรือเนรเทศเพราะงานที่ทำ "
        "และขอให้รับฟังภาคีของเราก่อนที่จะร่างกฎหมายใหม่</p>"
        "<p>เรายินดีที่จะได้พบท่านพร้อมกับตัวแทนคนทำงาน</p>"
        "<p>ด้วยความเคารพ<br>กลุ่มริเวอร์ไลต์</p>",
    },
    "zh-hans": {
        "title": "致大使的信",
        "sender": "河光联盟及312位支持者",
        "recipient": "大使阁下",
        "summary": "我们的信：请求不再因工作逮捕、驱逐或遣返劳动者，并倾听我们伙伴的声音。",
        "body": "<p>尊敬的大使阁下：</p>"
        "<p>我们是性工作者及其盟友，与柬埔寨、泰国、中国和韩国的社区团体并肩工作。</p>"
        "<p>我们的伙伴告诉我们，在突击搜查中，劳动者失去了住处、积蓄和证件。这些搜查以救援为名，却让人们更不安全。</p>"
        "<p>我们请求您确保任何劳动者都不会因其工作而被逮捕、驱逐或遣返，并在起草任何新法律之前倾听我们伙伴的意见。</p>"
        "<p>我们期待与您及劳动者代表团会面。</p>"
        "<p>此致<br>河光联盟</p>",
    },
    "zh-hant": {
        "title": "致大使的信",
        "sender": "河光聯盟及312位支持者",
        "recipient": "大使閣下",
        "summary": "我們的信：請求不再因工作逮捕、驅逐或遣返勞動者，並傾聽我們夥伴的聲音。",
        "body": "<p>尊敬的大使閣下：</p>"
        "<p>我們是性工作者及其盟友，與柬埔寨、泰國、中國和韓國的社區團體並肩工作。</p>"
        "<p>我們的夥伴告訴我們，在突擊搜查中，勞動者失去了住處、積蓄和證件。這些搜查以救援為名，卻讓人們更不安全。</p>"
        "<p>我們請求您確保任何勞動者都不會因其工作而被逮捕、驅逐或遣返，並在起草任何新法律之前傾聽我們夥伴的意見。</p>"
        "<p>我們期待與您及勞動者代表團會面。</p>"
        "<p>此致<br>河光聯盟</p>",
    },
    "ko": {
        "title": "대사께 드리는 편지",
        "sender": "리버라이트 연대와 지지자 312명",
        "recipient": "대사님",
        "summary": "노동자가 체포, 퇴거, 추방되지 않도록 하고 파트너의 목소리를 들어 달라는 우리의 편지.",
        "body": "<p>대사님께,</p>"
        "<p>우리는 캄보디아, 태국, 중국, 한국의 지역 단체와 함께 일하는 성노동자와 연대자입니다.</p>"
        "<p>파트너 단체들은 단속으로 노동자들이 방과 저축과 서류를 잃었다고 전합니다. "
        "이러한 단속은 구조라는 이름으로 이루어지지만 사람들을 더 위험하게 만듭니다.</p>"
        "<p>어떤 노동자도 자신의 일 때문에 체포되거나 퇴거되거나 추방되지 않도록 하고, "
        "새로운 법을 만들기 전에 우리 파트너의 목소리를 들어 주시기를 요청합니다.</p>"
        "<p>노동자 대표단과 함께 대사님을 만나 뵙기를 바랍니다.</p>"
        "<p>리버라이트 연대 드림</p>",
    },
    "km": {
        "title": "លិខិតជូនឯកអគ្គរដ្ឋទូត",
        "sender": "សមូហភាពពន្លឺទន្លេ និងអ្នកគាំទ្រ ៣១២ នាក់",
        "recipient": "ឯកឧត្តមឯកអគ្គរដ្ឋទូត",
        "summary": "លិខិតរបស់យើងស្នើសុំកុំឱ្យចាប់ខ្លួន បណ្តេញ ឬនិរទេសអ្នកធ្វើការ និងសូមស្តាប់ដៃគូរបស់យើង។",
        "body": "<p>គោរពជូន ឯកឧត្តមឯកអគ្គរដ្ឋទូត</p>"
        "<p>យើងសរសេរក្នុងនាមជាអ្នកធ្វើការផ្លូវភេទ និងសម្ព័ន្ធមិត្ត ដែលធ្វើការជាមួយក្រុមសហគមន៍នៅកម្ពុជា ថៃ ចិន និងកូរ៉េ។</p>"
        "<p>ដៃគូរបស់យើងប្រាប់អំពីការឆែកឆេរ ដែលធ្វើឱ្យអ្នកធ្វើការបាត់បង់បន្ទប់ ប្រាក់សន្សំ និងឯកសារ។</p>"
        "<p>យើងស្នើសុំឯកឧត្តមធានាថា គ្មានអ្នកធ្វើការណាម្នាក់ត្រូវបានចាប់ខ្លួន បណ្តេញ ឬនិរទេស ដោយសារការងាររបស់ពួកគេឡើយ។</p>"
        "<p>ដោយក្តីគោរព<br>សមូហភាពពន្លឺទន្លេ</p>",
    },
}

# The first article: everything an article can hold, in all six languages.
EMBASSY: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Supporting partners' struggles, 24 June",
        "summary": "Forty workers and allies gathered outside the embassy to hand over our letter backing partner groups who face raids and evictions.",
        "lead_alt": "About a dozen people stand in front of a building with white columns, holding yellow, pink and green placards in English, Thai and Khmer.",
        "lead_caption": "Dara, Mali and Jin (from left) hold placards outside the embassy on 24 June.",
        "credit": "Riverlight Collective",
        "paragraphs": [
            "<p>On Wednesday morning forty sex workers, friends and allies stood outside the embassy with placards in four languages. "
            "We were there because our partner groups report raids, confiscated savings and evictions carried out in the name of rescue.</p>",
            "<p>Members spoke about what those raids do: people lose their rooms, their income and their trust in the services that should protect them. "
            "A member of the embassy staff came out to receive our letter and promised to pass it on.</p>",
            "<p>We will keep standing with our partners until workers are consulted on every law that affects them. "
            "If you want to join the next action, come to the drop-in space on Sunday.</p>",
        ],
        "photo_alt": "A typed letter addressed to the Ambassador lies on a wooden desk beside an envelope and a pen.",
        "photo_caption": "The letter we handed to the embassy, signed by 312 supporters.",
        "excerpt": "<p>We ask you to ensure that no worker is arrested, evicted or deported for the work they do, and that our partners are heard before any new law is written.</p>",
        "attribution": "From our letter to the Ambassador, 24 June 2026",
        "links_heading": "",
        "links": [
            (
                "Partner statement on the June raids",
                "Mekong Workers' Network",
                "https://example.org/mekong-workers/june-statement",
            ),
            (
                "Press release: workers rally outside the embassy",
                "Riverlight Collective",
                "https://example.org/riverlight/press/2026-06-24",
            ),
        ],
        "video_title": "Speeches outside the embassy (4 minutes)",
        "video_caption": "Filmed by members; people who asked not to be shown are not in the picture.",
        "newsflashes": [
            "<p>The embassy has agreed to meet a delegation of workers and partners on 3 July.</p>",
            "<p>312 supporters signed the letter in two days. Thank you!</p>",
        ],
    },
    "th": {
        "title": "ร่วมสนับสนุนการต่อสู้ของภาคี 24 มิถุนายน",
        "summary": "คนทำงานและพันธมิตรสี่สิบคนรวมตัวหน้าสถานทูตเพื่อยื่นจดหมายสนับสนุนภาคีที่เผชิญการบุกค้นและการขับไล่",
        "lead_alt": "คนราวสิบกว่าคนยืนหน้าอาคารเสาสีขาว ถือป้ายสีเหลือง ชมพู และเขียว เป็นภาษาอังกฤษ ไทย และเขมร",
        "lead_caption": "ดารา มะลิ และจิน (จากซ้าย) ถือป้ายหน้าสถานทูตเมื่อวันที่ 24 มิถุนายน",
        "credit": "กลุ่มริเวอร์ไลต์",
        "paragraphs": [
            "<p>เช้าวันพุธ พนักงานบริการ เพื่อน และพันธมิตรสี่สิบคนยืนถือป้ายสี่ภาษาอยู่หน้าสถานทูต "
            "เราไปที่นั่นเพราะภาคีของเรารายงานการบุกค้น การยึดเงินออม และการขับไล่ที่ทำในนามของการช่วยเหลือ</p>",
            "<p>สมาชิกเล่าว่าการบุกค้นส่งผลอย่างไร ผู้คนสูญเสียห้องพัก รายได้ และความไว้ใจต่อบริการที่ควรคุ้มครองพวกเขา "
            "เจ้าหน้าที่สถานทูตออกมารับจดหมายและสัญญาว่าจะส่งต่อ</p>",
            "<p>เราจะยืนเคียงข้างภาคีต่อไปจนกว่าคนทำงานจะได้รับการปรึกษาในทุกกฎหมายที่กระทบพวกเขา "
            "หากอยากร่วมกิจกรรมครั้งหน้า มาที่ศูนย์พักพิงในวันอาทิตย์</p>",
        ],
        "photo_alt": "จดหมายพิมพ์ถึงเอกอัครราชทูตวางอยู่บนโต๊ะไม้ ข้างซองจดหมายและปากกา",
        "photo_caption": "จดหมายที่เรายื่นต่อสถานทูต ลงชื่อโดยผู้สนับสนุน 312 คน",
        "excerpt": "<p>เราขอให้ท่านดูแลไม่ให้คนทำงานคนใดถูกจับกุม ขับไล่ หรือเนรเทศเพราะงานที่ทำ และขอให้รับฟังภาคีของเราก่อนที่จะร่างกฎหมายใหม่</p>",
        "attribution": "จากจดหมายของเราถึงเอกอัครราชทูต 24 มิถุนายน 2026",
        "links_heading": "ลิงก์ที่เกี่ยวข้อง",
        "links": [
            (
                "แถลงการณ์ของภาคีเรื่องการบุกค้นเดือนมิถุนายน",
                "เครือข่ายคนทำงานแม่โขง",
                "https://example.org/mekong-workers/june-statement",
            ),
            (
                "ข่าวประชาสัมพันธ์: คนทำงานรวมตัวหน้าสถานทูต",
                "กลุ่มริเวอร์ไลต์",
                "https://example.org/riverlight/press/2026-06-24",
            ),
        ],
        "video_title": "คำปราศรัยหน้าสถานทูต (4 นาที)",
        "video_caption": "ถ่ายโดยสมาชิก ผู้ที่ไม่ประสงค์ให้เห็นหน้าไม่อยู่ในภาพ",
        "newsflashes": [
            "<p>สถานทูตตกลงพบตัวแทนคนทำงานและภาคีในวันที่ 3 กรกฎาคม</p>",
            "<p>ผู้สนับสนุน 312 คนลงชื่อในจดหมายภายในสองวัน ขอบคุณทุกคน!</p>",
        ],
    },
    "zh-hans": {
        "title": "声援伙伴的抗争，6月24日",
        "summary": "四十名劳动者和盟友聚集在大使馆外，递交我们声援遭受突击搜查和驱逐的伙伴团体的信。",
        "lead_alt": "十几个人站在一座白色柱子的建筑前，举着黄色、粉色和绿色的英文、泰文和高棉文标语。",
        "lead_caption": "达拉、茉莉和金（从左至右）6月24日在大使馆外举着标语。",
        "credit": "河光联盟",
        "paragraphs": [
            "<p>星期三上午，四十名性工作者、朋友和盟友举着四种语言的标语站在大使馆外。"
            "我们到那里，是因为伙伴团体报告了以救援为名进行的突击搜查、没收积蓄和驱逐。</p>",
            "<p>成员们讲述了这些搜查带来的后果：人们失去住处、收入，也失去对本应保护他们的服务的信任。"
            "一名使馆工作人员出来接收了我们的信，并承诺会转交。</p>",
            "<p>我们会继续与伙伴站在一起，直到每一部影响劳动者的法律都征询他们的意见。想参加下一次行动，星期天来开放空间吧。</p>",
        ],
        "photo_alt": "一封写给大使的打印信件放在木桌上，旁边是信封和一支笔。",
        "photo_caption": "我们递交给大使馆的信，有312位支持者签名。",
        "excerpt": "<p>我们请求您确保任何劳动者都不会因其工作而被逮捕、驱逐或遣返，并在起草任何新法律之前倾听我们伙伴的意见。</p>",
        "attribution": "摘自我们致大使的信，2026年6月24日",
        "links_heading": "相关链接",
        "links": [
            (
                "伙伴团体关于六月突击搜查的声明",
                "湄公河劳动者网络",
                "https://example.org/mekong-workers/june-statement",
            ),
            ("新闻稿：劳动者在大使馆外集会", "河光联盟", "https://example.org/riverlight/press/2026-06-24"),
        ],
        "video_title": "大使馆外的发言（4分钟）",
        "video_caption": "由成员拍摄；不愿露面的人没有出现在画面中。",
        "newsflashes": [
            "<p>大使馆已同意于7月3日会见劳动者和伙伴代表团。</p>",
            "<p>两天内有312位支持者在信上签名。谢谢大家！</p>",
        ],
    },
    "zh-hant": {
        "title": "聲援夥伴的抗爭，6月24日",
        "summary": "四十名勞動者和盟友聚集在大使館外，遞交我們聲援遭受突擊搜查和驅逐的夥伴團體的信。",
        "lead_alt": "十幾個人站在一座白色柱子的建築前，舉著黃色、粉色和綠色的英文、泰文和高棉文標語。",
        "lead_caption": "達拉、茉莉和金（從左至右）6月24日在大使館外舉著標語。",
        "credit": "河光聯盟",
        "paragraphs": [
            "<p>星期三上午，四十名性工作者、朋友和盟友舉著四種語言的標語站在大使館外。"
            "我們到那裡，是因為夥伴團體報告了以救援為名進行的突擊搜查、沒收積蓄和驅逐。</p>",
            "<p>成員們講述了這些搜查帶來的後果：人們失去住處、收入，也失去對本應保護他們的服務的信任。"
            "一名使館工作人員出來接收了我們的信，並承諾會轉交。</p>",
            "<p>我們會繼續與夥伴站在一起，直到每一部影響勞動者的法律都徵詢他們的意見。想參加下一次行動，星期天來開放空間吧。</p>",
        ],
        "photo_alt": "一封寫給大使的列印信件放在木桌上，旁邊是信封和一支筆。",
        "photo_caption": "我們遞交給大使館的信，有312位支持者簽名。",
        "excerpt": "<p>我們請求您確保任何勞動者都不會因其工作而被逮捕、驅逐或遣返，並在起草任何新法律之前傾聽我們夥伴的意見。</p>",
        "attribution": "摘自我們致大使的信，2026年6月24日",
        "links_heading": "相關連結",
        "links": [
            (
                "夥伴團體關於六月突擊搜查的聲明",
                "湄公河勞動者網絡",
                "https://example.org/mekong-workers/june-statement",
            ),
            ("新聞稿：勞動者在大使館外集會", "河光聯盟", "https://example.org/riverlight/press/2026-06-24"),
        ],
        "video_title": "大使館外的發言（4分鐘）",
        "video_caption": "由成員拍攝；不願露面的人沒有出現在畫面中。",
        "newsflashes": [
            "<p>大使館已同意於7月3日會見勞動者和夥伴代表團。</p>",
            "<p>兩天內有312位支持者在信上簽名。謝謝大家！</p>",
        ],
    },
    "ko": {
        "title": "파트너의 투쟁에 연대하며, 6월 24일",
        "summary": "노동자와 연대자 40명이 대사관 앞에 모여, 단속과 퇴거에 맞서는 파트너 단체를 지지하는 편지를 전달했습니다.",
        "lead_alt": "열두 명쯤 되는 사람들이 흰 기둥이 있는 건물 앞에 서서 영어, 태국어, 크메르어로 쓴 노란색, 분홍색, 초록색 피켓을 들고 있습니다.",
        "lead_caption": "다라, 말리, 진(왼쪽부터)이 6월 24일 대사관 앞에서 피켓을 들고 있습니다.",
        "credit": "리버라이트 연대",
        "paragraphs": [
            "<p>수요일 아침, 성노동자와 친구, 연대자 40명이 네 개 언어로 쓴 피켓을 들고 대사관 앞에 섰습니다. "
            "파트너 단체들이 구조라는 이름으로 벌어지는 단속과 저축 압수, 퇴거를 알려 왔기 때문입니다.</p>",
            "<p>회원들은 단속이 남기는 것을 이야기했습니다. 사람들은 방과 수입을 잃고, 자신을 보호해야 할 서비스에 대한 신뢰도 잃습니다. "
            "대사관 직원이 나와 편지를 받고 전달하겠다고 약속했습니다.</p>",
            "<p>노동자에게 영향을 미치는 모든 법에 대해 노동자의 의견을 들을 때까지 파트너와 함께하겠습니다. "
            "다음 행동에 함께하고 싶다면 일요일에 쉼터로 오세요.</p>",
        ],
        "photo_alt": "대사에게 보내는 타자 친 편지가 봉투와 펜 옆 나무 책상 위에 놓여 있습니다.",
        "photo_caption": "지지자 312명이 서명해 대사관에 전달한 편지.",
        "excerpt": "<p>어떤 노동자도 자신의 일 때문에 체포되거나 퇴거되거나 추방되지 않도록 하고, 새로운 법을 만들기 전에 우리 파트너의 목소리를 들어 주시기를 요청합니다.</p>",
        "attribution": "대사께 드린 편지에서, 2026년 6월 24일",
        "links_heading": "관련 링크",
        "links": [
            (
                "6월 단속에 대한 파트너 단체 성명",
                "메콩 노동자 네트워크",
                "https://example.org/mekong-workers/june-statement",
            ),
            (
                "보도자료: 노동자들이 대사관 앞에 모이다",
                "리버라이트 연대",
                "https://example.org/riverlight/press/2026-06-24",
            ),
        ],
        "video_title": "대사관 앞 발언 (4분)",
        "video_caption": "회원들이 촬영했으며, 얼굴이 나오기를 원하지 않은 사람은 화면에 없습니다.",
        "newsflashes": [
            "<p>대사관이 7월 3일 노동자와 파트너 대표단을 만나기로 했습니다.</p>",
            "<p>이틀 만에 지지자 312명이 편지에 서명했습니다. 고맙습니다!</p>",
        ],
    },
    "km": {
        "title": "គាំទ្រការតស៊ូរបស់ដៃគូ ថ្ងៃទី២៤ មិថុនា",
        "summary": "អ្នកធ្វើការ និងសម្ព័ន្ធមិត្តសែសិបនាក់ បានជួបជុំគ្នានៅមុខស្ថានទូត ដើម្បីប្រគល់លិខិតគាំទ្រក្រុមដៃគូដែលរងការឆែកឆេរ និងការបណ្តេញចេញ។",
        "lead_alt": "មនុស្សប្រហែលដប់នាក់ឈរនៅមុខអគារមានសសរពណ៌ស កាន់ផ្ទាំងពណ៌លឿង ផ្កាឈូក និងបៃតង ជាភាសាអង់គ្លេស ថៃ និងខ្មែរ។",
        "lead_caption": "ដារ៉ា ម៉ាលី និងជីន (ពីឆ្វេង) កាន់ផ្ទាំងនៅមុខស្ថានទូត ថ្ងៃទី២៤ មិថុនា។",
        "credit": "សមូហភាពពន្លឺទន្លេ",
        "paragraphs": [
            "<p>ព្រឹកថ្ងៃពុធ អ្នកធ្វើការផ្លូវភេទ មិត្តភក្តិ និងសម្ព័ន្ធមិត្តសែសិបនាក់ បានឈរកាន់ផ្ទាំងជាបួនភាសានៅមុខស្ថានទូត។ "
            "យើងទៅទីនោះ ព្រោះក្រុមដៃគូរាយការណ៍អំពីការឆែកឆេរ ការរឹបអូសប្រាក់សន្សំ និងការបណ្តេញចេញ។</p>",
            "<p>សមាជិកបាននិយាយអំពីផលប៉ះពាល់៖ មនុស្សបាត់បង់បន្ទប់ ប្រាក់ចំណូល និងការទុកចិត្ត។ "
            "បុគ្គលិកស្ថានទូតម្នាក់បានចេញមកទទួលលិខិតរបស់យើង។</p>",
            "<p>យើងនឹងបន្តឈរជាមួយដៃគូ រហូតដល់អ្នកធ្វើការត្រូវបានពិគ្រោះលើច្បាប់ទាំងអស់ដែលប៉ះពាល់ពួកគេ។</p>",
        ],
        "photo_alt": "លិខិតវាយអង្គុលីលេខជូនឯកអគ្គរដ្ឋទូត ដាក់លើតុឈើ ក្បែរស្រោមសំបុត្រ និងប៊ិច។",
        "photo_caption": "លិខិតដែលយើងបានប្រគល់ជូនស្ថានទូត មានអ្នកគាំទ្រ ៣១២ នាក់ចុះហត្ថលេខា។",
        "excerpt": "<p>យើងស្នើសុំឯកឧត្តមធានាថា គ្មានអ្នកធ្វើការណាម្នាក់ត្រូវបានចាប់ខ្លួន បណ្តេញ ឬនិរទេស ដោយសារការងាររបស់ពួកគេឡើយ។</p>",
        "attribution": "ដកស្រង់ពីលិខិតរបស់យើងជូនឯកអគ្គរដ្ឋទូត ថ្ងៃទី២៤ មិថុនា ២០២៦",
        "links_heading": "តំណភ្ជាប់ពាក់ព័ន្ធ",
        "links": [
            (
                "សេចក្តីថ្លែងការណ៍របស់ដៃគូអំពីការឆែកឆេរខែមិថុនា",
                "បណ្តាញអ្នកធ្វើការមេគង្គ",
                "https://example.org/mekong-workers/june-statement",
            ),
            (
                "សេចក្តីប្រកាសព័ត៌មាន៖ អ្នកធ្វើការជួបជុំនៅមុខស្ថានទូត",
                "សមូហភាពពន្លឺទន្លេ",
                "https://example.org/riverlight/press/2026-06-24",
            ),
        ],
        "video_title": "សុន្ទរកថានៅមុខស្ថានទូត (៤ នាទី)",
        "video_caption": "ថតដោយសមាជិក។",
        "newsflashes": [
            "<p>ស្ថានទូតបានយល់ព្រមជួបគណៈប្រតិភូអ្នកធ្វើការ និងដៃគូ នៅថ្ងៃទី៣ កក្កដា។</p>",
            "<p>អ្នកគាំទ្រ ៣១២ នាក់បានចុះហត្ថលេខាលើលិខិតក្នុងរយៈពេលពីរថ្ងៃ។ សូមអរគុណ!</p>",
        ],
    },
}

EMBASSY_NEWSFLASH_TIMES = [
    datetime.datetime(2026, 6, 27, 9, 30, tzinfo=UTC),
    datetime.datetime(2026, 6, 25, 16, 0, tzinfo=UTC),
]

# Shorter articles: (slug, date, lead image, newsflash times, {language: texts}).
# No Khmer for "drop-in": reading it in ខ្មែរ shows the English page under the notice.
DROP_IN: dict[str, dict[str, Any]] = {
    "en": {
        "title": "The drop-in space is now open on Sundays",
        "summary": "From May the drop-in space opens every Sunday afternoon, with tea, legal advice and a quiet room.",
        "lead_alt": "A round wooden table with four coloured mugs in a bright room with a window; a sign reads Open Sundays.",
        "lead_caption": "The table is ready for Sunday visitors.",
        "paragraphs": [
            "<p>Many of you asked for a weekend opening, so from 10 May the drop-in space is open every Sunday from 1 pm to 6 pm.</p>",
            "<p>Volunteers from the legal-aid line are there in the first hour. Nobody is asked for a name or an ID card.</p>",
        ],
        "newsflashes": ["<p>The first Sunday brought 23 visitors. Bring a friend next week!</p>"],
    },
    "th": {
        "title": "ศูนย์พักพิงเปิดทุกวันอาทิตย์แล้ว",
        "summary": "ตั้งแต่เดือนพฤษภาคม ศูนย์พักพิงเปิดทุกบ่ายวันอาทิตย์ มีชา คำปรึกษาด้านกฎหมาย และห้องพักผ่อน",
        "lead_alt": "โต๊ะไม้กลมมีแก้วสี่สีในห้องสว่างที่มีหน้าต่าง ป้ายเขียนว่าเปิดทุกวันอาทิตย์",
        "lead_caption": "โต๊ะพร้อมต้อนรับผู้มาเยือนวันอาทิตย์",
        "paragraphs": [
            "<p>หลายคนขอให้เปิดวันหยุดสุดสัปดาห์ ตั้งแต่วันที่ 10 พฤษภาคม ศูนย์พักพิงจึงเปิดทุกวันอาทิตย์ เวลา 13.00 ถึง 18.00 น.</p>",
            "<p>อาสาสมัครจากสายด่วนกฎหมายอยู่ในชั่วโมงแรก ไม่มีใครถูกถามชื่อหรือบัตรประชาชน</p>",
        ],
        "newsflashes": ["<p>วันอาทิตย์แรกมีผู้มาเยือน 23 คน สัปดาห์หน้าชวนเพื่อนมาด้วยนะ!</p>"],
    },
    "zh-hans": {
        "title": "开放空间现在星期天也开门",
        "summary": "从五月起，开放空间每个星期天下午开门，提供茶水、法律咨询和安静的休息室。",
        "lead_alt": "明亮的房间里有一扇窗，一张圆木桌上放着四个彩色杯子；牌子上写着星期天开放。",
        "lead_caption": "桌子已为星期天的来访者准备好。",
        "paragraphs": [
            "<p>很多人希望周末也能开放，所以从5月10日起，开放空间每个星期天下午1点到6点开门。</p>",
            "<p>法律援助热线的志愿者在第一个小时到场。我们不会询问任何人的姓名或身份证。</p>",
        ],
        "newsflashes": ["<p>第一个星期天来了23位访客。下周带朋友一起来吧！</p>"],
    },
    "ko": {
        "title": "이제 일요일에도 쉼터를 엽니다",
        "summary": "5월부터 쉼터는 매주 일요일 오후에 문을 열고 차와 법률 상담, 조용한 방을 제공합니다.",
        "lead_alt": "창문이 있는 밝은 방, 둥근 나무 탁자 위에 색색의 머그잔 네 개가 있고 일요일 개방이라는 안내가 있습니다.",
        "lead_caption": "일요일 방문객을 맞을 준비가 된 탁자.",
        "paragraphs": [
            "<p>주말에도 열어 달라는 요청이 많아, 5월 10일부터 쉼터는 매주 일요일 오후 1시부터 6시까지 엽니다.</p>",
            "<p>첫 한 시간 동안은 법률 지원 상담전화 자원활동가가 함께합니다. 누구에게도 이름이나 신분증을 묻지 않습니다.</p>",
        ],
        "newsflashes": ["<p>첫 일요일에 23명이 다녀갔습니다. 다음 주에는 친구와 함께 오세요!</p>"],
    },
}
DROP_IN_NEWSFLASH_TIMES = [datetime.datetime(2026, 5, 17, 18, 0, tzinfo=UTC)]

LEGAL_AID: dict[str, dict[str, Any]] = {
    "en": {
        "title": "What we heard on the legal-aid line this year",
        "summary": "Four hundred calls in twelve months: most were about rent, wages owed and police checks.",
        "lead_alt": "Abstract drawing of wavy bands of light over dark water under a yellow moon.",
        "lead_caption": "Riverlight, by a member of the Collective.",
        "paragraphs": [
            "<p>Our legal-aid line answered four hundred calls between March and March. Most callers asked about rent, unpaid wages and what to do during a police check.</p>",
            "<p>We publish these numbers without any detail that could identify a caller. They will guide our campaigns for the coming year.</p>",
        ],
        "newsflashes": [],
    },
    "th": {
        "title": "สิ่งที่เราได้ยินจากสายด่วนกฎหมายปีนี้",
        "summary": "สี่ร้อยสายในสิบสองเดือน ส่วนใหญ่เรื่องค่าเช่า ค่าจ้างค้างจ่าย และการตรวจของตำรวจ",
        "lead_alt": "ภาพวาดนามธรรมเป็นแถบแสงคลื่นเหนือน้ำสีเข้มใต้ดวงจันทร์สีเหลือง",
        "lead_caption": "ริเวอร์ไลต์ ภาพโดยสมาชิกของกลุ่ม",
        "paragraphs": [
            "<p>สายด่วนกฎหมายของเรารับสายสี่ร้อยสายตั้งแต่มีนาคมถึงมีนาคม ผู้โทรส่วนใหญ่ถามเรื่องค่าเช่า ค่าจ้างที่ยังไม่ได้รับ และสิ่งที่ควรทำเมื่อตำรวจตรวจ</p>",
            "<p>เราเผยแพร่ตัวเลขเหล่านี้โดยไม่มีรายละเอียดที่ระบุตัวผู้โทรได้ ตัวเลขจะเป็นแนวทางการรณรงค์ในปีหน้า</p>",
        ],
        "newsflashes": [],
    },
    "zh-hans": {
        "title": "今年法律援助热线听到的声音",
        "summary": "十二个月接到四百个电话：大多涉及房租、拖欠工资和警察检查。",
        "lead_alt": "抽象画：黄色月亮下，深色水面上波浪形的光带。",
        "lead_caption": "《河光》，联盟成员作品。",
        "paragraphs": [
            "<p>从去年三月到今年三月，我们的法律援助热线接听了四百个电话。大多数来电询问房租、拖欠工资以及遇到警察检查时该怎么办。</p>",
            "<p>我们公布这些数字时不包含任何可识别来电者的细节。它们将指导我们来年的倡导工作。</p>",
        ],
        "newsflashes": [],
    },
    "zh-hant": {
        "title": "今年法律扶助熱線聽到的聲音",
        "summary": "十二個月接到四百通電話：大多涉及房租、積欠工資和警察臨檢。",
        "lead_alt": "抽象畫：黃色月亮下，深色水面上波浪形的光帶。",
        "lead_caption": "《河光》，聯盟成員作品。",
        "paragraphs": [
            "<p>從去年三月到今年三月，我們的法律扶助熱線接聽了四百通電話。大多數來電詢問房租、積欠工資以及遇到警察臨檢時該怎麼辦。</p>",
            "<p>我們公布這些數字時不包含任何可識別來電者的細節。它們將指引我們來年的倡議工作。</p>",
        ],
        "newsflashes": [],
    },
    "ko": {
        "title": "올해 법률 지원 상담전화에서 들은 이야기",
        "summary": "열두 달 동안 전화 400통: 대부분 월세, 밀린 임금, 경찰 검문에 관한 것이었습니다.",
        "lead_alt": "노란 달 아래 어두운 물 위로 물결 모양의 빛줄기가 흐르는 추상화.",
        "lead_caption": "리버라이트, 연대 회원의 그림.",
        "paragraphs": [
            "<p>법률 지원 상담전화는 지난 3월부터 올해 3월까지 400통의 전화를 받았습니다. 대부분 월세, 받지 못한 임금, 경찰 검문 때 해야 할 일을 물었습니다.</p>",
            "<p>전화한 사람을 알아볼 수 있는 내용은 빼고 숫자만 공개합니다. 이 숫자가 내년 캠페인의 방향을 정합니다.</p>",
        ],
        "newsflashes": [],
    },
}

END_VIOLENCE: dict[str, dict[str, Any]] = {
    "en": {
        "title": "17 December: a day to end violence against sex workers",
        "summary": "We lit candles by the river and read the names of friends we lost, with partners joining from three countries.",
        "lead_alt": "A typed letter on a wooden desk beside an envelope and a pen.",
        "lead_caption": "Messages from partners were read aloud at the vigil.",
        "paragraphs": [
            "<p>On 17 December we held a candle-lit vigil by the river. Partners from Phnom Penh, Chiang Mai and Seoul sent messages that members read aloud.</p>",
            "<p>Violence thrives where workers cannot go to the police without being arrested themselves. That is why we campaign for decriminalisation.</p>",
        ],
        "newsflashes": [],
    },
    "th": {
        "title": "17 ธันวาคม วันยุติความรุนแรงต่อพนักงานบริการ",
        "summary": "เราจุดเทียนริมแม่น้ำและอ่านชื่อเพื่อนที่จากไป โดยมีภาคีจากสามประเทศร่วมด้วย",
        "lead_alt": "จดหมายพิมพ์บนโต๊ะไม้ ข้างซองจดหมายและปากกา",
        "lead_caption": "ข้อความจากภาคีถูกอ่านออกเสียงในพิธีจุดเทียน",
        "paragraphs": [
            "<p>วันที่ 17 ธันวาคม เราจัดพิธีจุดเทียนริมแม่น้ำ ภาคีจากพนมเปญ เชียงใหม่ และโซลส่งข้อความมาให้สมาชิกอ่าน</p>",
            "<p>ความรุนแรงเกิดขึ้นได้ง่ายเมื่อคนทำงานไปแจ้งตำรวจไม่ได้โดยไม่ถูกจับเสียเอง นี่คือเหตุผลที่เรารณรงค์ให้ยกเลิกการเอาผิดทางอาญา</p>",
        ],
        "newsflashes": [],
    },
    "zh-hans": {
        "title": "12月17日：终止针对性工作者暴力日",
        "summary": "我们在河边点起蜡烛，念出逝去朋友的名字，三个国家的伙伴也一同参与。",
        "lead_alt": "木桌上一封打印的信，旁边是信封和一支笔。",
        "lead_caption": "守夜活动上朗读了伙伴们的来信。",
        "paragraphs": [
            "<p>12月17日，我们在河边举行烛光守夜。来自金边、清迈和首尔的伙伴发来信息，由成员们朗读。</p>",
            "<p>当劳动者去报警就可能被逮捕时，暴力便会滋生。这就是我们倡导去刑化的原因。</p>",
        ],
        "newsflashes": [],
    },
    "ko": {
        "title": "12월 17일, 성노동자에 대한 폭력 종식의 날",
        "summary": "강가에 촛불을 밝히고 떠나간 친구들의 이름을 불렀습니다. 세 나라의 파트너가 함께했습니다.",
        "lead_alt": "봉투와 펜 옆 나무 책상 위에 놓인 타자 친 편지.",
        "lead_caption": "추모회에서 파트너들의 메시지를 소리 내어 읽었습니다.",
        "paragraphs": [
            "<p>12월 17일 강가에서 촛불 추모회를 열었습니다. 프놈펜, 치앙마이, 서울의 파트너가 보낸 메시지를 회원들이 읽었습니다.</p>",
            "<p>노동자가 경찰에 신고하면 오히려 체포될 수 있는 곳에서 폭력이 자랍니다. 그래서 우리는 비범죄화를 위해 캠페인을 합니다.</p>",
        ],
        "newsflashes": [],
    },
}

MEMBERS_BRIEFING: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Members' safety briefing: June",
        "summary": "Notes from the June safety meeting, for members only.",
        "paragraphs": [
            "<p>Three members reported a car that follows workers near the night market. Walk in pairs and use the check-in number.</p>",
        ],
        "newsflashes": [],
    },
    "th": {
        "title": "สรุปความปลอดภัยสำหรับสมาชิก: มิถุนายน",
        "summary": "บันทึกจากการประชุมความปลอดภัยเดือนมิถุนายน สำหรับสมาชิกเท่านั้น",
        "paragraphs": [
            "<p>สมาชิกสามคนแจ้งว่ามีรถคันหนึ่งขับตามคนทำงานใกล้ตลาดกลางคืน ให้เดินเป็นคู่และใช้เบอร์เช็กอิน</p>",
        ],
        "newsflashes": [],
    },
}

ARTICLES: list[tuple[str, datetime.date, str | None, list[datetime.datetime], dict[str, dict[str, Any]]]] = [
    (
        "supporting-partners-struggles",
        datetime.date(2026, 6, 24),
        "embassy",
        EMBASSY_NEWSFLASH_TIMES,
        EMBASSY,
    ),
    ("members-safety-briefing-june", datetime.date(2026, 6, 2), None, [], MEMBERS_BRIEFING),
    ("drop-in-open-on-sundays", datetime.date(2026, 5, 10), "drop-in", DROP_IN_NEWSFLASH_TIMES, DROP_IN),
    ("legal-aid-line-this-year", datetime.date(2026, 3, 8), "river", [], LEGAL_AID),
    ("day-to-end-violence", datetime.date(2025, 12, 17), "letter", [], END_VIOLENCE),
]
MEMBERS_ONLY_SLUGS = {"members-safety-briefing-june"}
