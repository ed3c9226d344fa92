"""The demo joint letter's texts and signers, for `demo.py`: a letter to the Ambassador of
the Kingdom of Thailand in six languages, and invented organisations and individuals across the
region (websites on example.org). Written for this project.
"""

from __future__ import annotations

from typing import NamedTuple

from .signatures import Signature

SLUG = "joint-letter-embassy"


class PageText(NamedTuple):
    title: str
    summary: str
    ask: str
    recipient: str
    letter: str


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{part.strip()}</p>" for part in text.strip().split("\n\n"))


PAGE: dict[str, PageText] = {
    "en": PageText(
        "Joint letter: end the raids, protect sex workers' rights",
        "Organisations across the region ask the Ambassador of the Kingdom of Thailand to end raids and "
        "to protect sex workers' rights. Add your organisation's name to the letter.",
        "Co-sign the letter",
        "H.E. the Ambassador of the Kingdom of Thailand",
        _paragraphs(
            """
Your Excellency,

We, the undersigned organisations and individuals from across Asia and the Pacific, write to you
with deep concern about the continuing police raids on the workplaces of sex workers in Thailand.

Raids protect no one. They close workplaces that workers have made safer together, push people into
hidden and more dangerous places, and expose migrant workers to arrest, detention and deportation.
After a raid, workers are less willing to report violence, theft or exploitation to the police.

We respectfully ask the Royal Thai Government to end raids on sex workers' workplaces, to stop using
anti-trafficking laws against consenting adults, and to meet with sex worker-led organisations before
any change to the law. We also ask that the Prevention and Suppression of Prostitution Act be
reviewed, with the people it affects at the table.

Sex workers' rights are human rights.

Respectfully yours,
"""
        ),
    ),
    "zh-hans": PageText(
        "联署信：停止突击搜查，保障性工作者权利",
        "本地区的组织联名致函泰王国大使，要求停止突击搜查，保障性工作者的权利。请把贵组织的名字加入这封信。",
        "联署这封信",
        "泰王国大使阁下",
        _paragraphs(
            """
尊敬的大使阁下：

我们——来自亚洲及太平洋地区的下列组织和个人——谨致函阁下，对泰国警方持续突击搜查性工作者工作场所一事深表关切。

突击搜查保护不了任何人。它关闭了劳动者共同努力变得更安全的工作场所，把人们推向更隐蔽、更危险的地方，并使移民劳动者面临逮捕、拘留和遣返。每次搜查之后，劳动者更不愿意向警方举报暴力、盗窃或剥削。

我们恳请泰王国政府停止对性工作者工作场所的突击搜查，停止以反人口贩运法律针对自愿的成年人，并在修改任何法律之前与性工作者主导的组织会面。我们也请求在受影响者参与的情况下，重新审视《防止和取缔卖淫法》。

性工作者的权利就是人权。

此致敬礼
"""
        ),
    ),
    "zh-hant": PageText(
        "連署信：停止突擊搜查，保障性工作者權利",
        "本地區的組織聯名致函泰王國大使，要求停止突擊搜查，保障性工作者的權利。請把貴組織的名字加入這封信。",
        "連署這封信",
        "泰王國大使閣下",
        _paragraphs(
            """
尊敬的大使閣下：

我們——來自亞洲及太平洋地區的下列組織和個人——謹致函閣下，對泰國警方持續突擊搜查性工作者工作場所一事深表關切。

突擊搜查保護不了任何人。它關閉了勞動者共同努力變得更安全的工作場所，把人們推向更隱蔽、更危險的地方，並使移民勞動者面臨逮捕、拘留和遣返。每次搜查之後，勞動者更不願意向警方舉報暴力、竊盜或剝削。

我們懇請泰王國政府停止對性工作者工作場所的突擊搜查，停止以反人口販運法律針對自願的成年人，並在修改任何法律之前與性工作者主導的組織會面。我們也請求在受影響者參與的情況下，重新檢視《防止及取締賣淫法》。

性工作者的權利就是人權。

此致敬禮
"""
        ),
    ),
    "th": PageText(
        "จดหมายร่วม: ยุติการบุกค้น คุ้มครองสิทธิพนักงานบริการ",
        "องค์กรทั่วภูมิภาคร่วมกันเขียนถึงเอกอัครราชทูตแห่งราชอาณาจักรไทย ขอให้ยุติการบุกค้นและคุ้มครองสิทธิของพนักงานบริการ "
        "ร่วมลงชื่อองค์กรของคุณในจดหมายฉบับนี้",
        "ร่วมลงนามในจดหมาย",
        "ฯพณฯ เอกอัครราชทูตแห่งราชอาณาจักรไทย",
        _paragraphs(
            """
เรียน ฯพณฯ เอกอัครราชทูต

พวกเราซึ่งเป็นองค์กรและบุคคลจากทั่วภูมิภาคเอเชียและแปซิฟิกตามรายนามด้านล่าง ขอเรียนแสดงความกังวลอย่างยิ่งต่อการที่ตำรวจยังคงบุกค้นสถานที่ทำงานของพนักงานบริการในประเทศไทย

การบุกค้นไม่ได้ปกป้องใครเลย การบุกค้นปิดสถานที่ทำงานที่คนทำงานร่วมกันทำให้ปลอดภัยขึ้น ผลักผู้คนไปสู่ที่ที่ซ่อนเร้นและอันตรายกว่าเดิม และทำให้แรงงานข้ามชาติเสี่ยงต่อการถูกจับกุม กักขัง และส่งกลับ หลังการบุกค้น คนทำงานยิ่งไม่กล้าแจ้งความเมื่อถูกทำร้าย ถูกขโมย หรือถูกเอารัดเอาเปรียบ

พวกเราขอเรียกร้องอย่างนอบน้อมให้รัฐบาลแห่งราชอาณาจักรไทยยุติการบุกค้นสถานที่ทำงานของพนักงานบริการ หยุดใช้กฎหมายต่อต้านการค้ามนุษย์กับผู้ใหญ่ที่ยินยอม และพบปะหารือกับองค์กรที่นำโดยพนักงานบริการก่อนแก้ไขกฎหมายใด ๆ พวกเรายังขอให้ทบทวนพระราชบัญญัติป้องกันและปราบปรามการค้าประเวณี โดยให้ผู้ได้รับผลกระทบมีส่วนร่วม

สิทธิของพนักงานบริการคือสิทธิมนุษยชน

ด้วยความเคารพอย่างสูง
"""
        ),
    ),
    "ko": PageText(
        "공동 서한: 단속을 멈추고 성노동자의 권리를 보호하라",
        "이 지역의 단체들이 태국 왕국 대사에게 단속을 멈추고 성노동자의 권리를 보호할 것을 요구합니다. "
        "여러분의 단체 이름을 서한에 더해 주세요.",
        "서한에 함께 서명하기",
        "태국 왕국 대사 각하",
        _paragraphs(
            """
대사님께

아시아·태평양 각지에서 뜻을 모은 아래 단체와 개인은 태국에서 계속되고 있는 성노동자 일터에 대한 경찰 단속에 깊은 우려를 표하며 이 서한을 드립니다.

단속은 누구도 보호하지 않습니다. 단속은 노동자들이 함께 더 안전하게 만든 일터를 문 닫게 하고, 사람들을 더 숨겨지고 위험한 곳으로 내몰며, 이주노동자들을 체포와 구금, 추방의 위험에 빠뜨립니다. 단속 이후 노동자들은 폭력이나 절도, 착취를 경찰에 신고하기를 더욱 꺼리게 됩니다.

우리는 태국 왕국 정부에 정중히 요청합니다. 성노동자 일터에 대한 단속을 멈추고, 동의한 성인에게 인신매매 방지법을 적용하는 일을 중단하며, 법을 바꾸기 전에 성노동자가 이끄는 단체와 만나 주십시오. 또한 성매매 방지 및 억제법을 그 영향을 받는 당사자들과 함께 재검토해 주실 것을 요청합니다.

성노동자의 권리는 인권입니다.

존경을 담아
"""
        ),
    ),
    "km": PageText(
        "លិខិតរួម៖ បញ្ឈប់ការវាយឆ្មក់ ការពារសិទ្ធិអ្នកធ្វើការផ្លូវភេទ",
        "អង្គការនានាក្នុងតំបន់ស្នើទៅឯកអគ្គរាជទូតនៃព្រះរាជាណាចក្រថៃ ឱ្យបញ្ឈប់ការវាយឆ្មក់ "
        "និងការពារសិទ្ធិរបស់អ្នកធ្វើការផ្លូវភេទ។ សូមបន្ថែមឈ្មោះអង្គការរបស់អ្នកលើលិខិតនេះ។",
        "ចុះហត្ថលេខាលើលិខិតរួម",
        "ឯកឧត្តមឯកអគ្គរាជទូតនៃព្រះរាជាណាចក្រថៃ",
        _paragraphs(
            """
ជូនចំពោះ ឯកឧត្តមឯកអគ្គរាជទូត

យើងខ្ញុំ ជាអង្គការ និងបុគ្គលមកពីទូទាំងតំបន់អាស៊ី និងប៉ាស៊ីហ្វិក ដែលមានឈ្មោះខាងក្រោម សូមសរសេរមកជូនឯកឧត្តម ដោយក្តីបារម្ភយ៉ាងខ្លាំងចំពោះការវាយឆ្មក់ជាបន្តបន្ទាប់របស់ប៉ូលិសលើកន្លែងធ្វើការរបស់អ្នកធ្វើការផ្លូវភេទនៅប្រទេសថៃ។

ការវាយឆ្មក់មិនបានការពារនរណាម្នាក់ឡើយ។ វាបិទកន្លែងធ្វើការដែលអ្នកធ្វើការបានរួមគ្នាធ្វើឱ្យមានសុវត្ថិភាពជាងមុន រុញច្រានមនុស្សទៅកាន់កន្លែងលាក់កំបាំង និងគ្រោះថ្នាក់ជាងមុន ហើយធ្វើឱ្យពលករចំណាកស្រុកប្រឈមនឹងការចាប់ខ្លួន ការឃុំខ្លួន និងការបណ្តេញចេញ។ ក្រោយការវាយឆ្មក់ អ្នកធ្វើការកាន់តែមិនហ៊ានរាយការណ៍អំពីអំពើហិង្សា ការលួច ឬការកេងប្រវ័ញ្ចទៅប៉ូលិស។

យើងខ្ញុំសូមស្នើដោយគោរពដល់រាជរដ្ឋាភិបាលនៃព្រះរាជាណាចក្រថៃ ឱ្យបញ្ឈប់ការវាយឆ្មក់លើកន្លែងធ្វើការរបស់អ្នកធ្វើការផ្លូវភេទ ឈប់ប្រើច្បាប់ប្រឆាំងការជួញដូរមនុស្សលើមនុស្សពេញវ័យដែលយល់ព្រម និងជួបពិភាក្សាជាមួយអង្គការដែលដឹកនាំដោយអ្នកធ្វើការផ្លូវភេទ មុនពេលកែប្រែច្បាប់ណាមួយ។ យើងខ្ញុំក៏សូមស្នើឱ្យពិនិត្យឡើងវិញនូវច្បាប់ស្តីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស និងអំពើធ្វើអាជីវកម្មផ្លូវភេទ ដោយមានការចូលរួមពីអ្នកដែលរងផលប៉ះពាល់។

សិទ្ធិរបស់អ្នកធ្វើការផ្លូវភេទ គឺជាសិទ្ធិមនុស្ស។

ដោយក្តីគោរពយ៉ាងខ្ពង់ខ្ពស់
"""
        ),
    ),
}


class DemoSigner(NamedTuple):
    name: str
    kind: str  # an OrganisationType value, or "individual"
    country: str
    city: str  # for individuals: their role
    website: str
    language: str
    # "listed", "unlisted" (approved, not shown), "pending", "pending-unconfirmed", "rejected"
    outcome: str


Org = Signature.OrganisationType
SIGNERS: list[DemoSigner] = [
    # Cambodia
    DemoSigner(
        "សមាគមអ្នកធ្វើការរួមគ្នា",
        Org.COMMUNITY,
        "KH",
        "ភ្នំពេញ",
        "https://workers-together.example.org",
        "km",
        "listed",
    ),
    DemoSigner("បណ្តាញសុខភាពស្ត្រីកម្ពុជា", Org.NETWORK, "KH", "សៀមរាប", "", "km", "listed"),
    DemoSigner(
        "Mekong Rights Collective",
        Org.NGO,
        "KH",
        "Phnom Penh",
        "https://mekong-rights.example.org",
        "en",
        "listed",
    ),
    DemoSigner("សហជីពអ្នកធ្វើការកម្សាន្ត", Org.UNION, "KH", "បាត់ដំបង", "", "km", "pending"),
    # Thailand
    DemoSigner(
        "กลุ่มเพื่อนพนักงานบริการเชียงใหม่",
        Org.COMMUNITY,
        "TH",
        "เชียงใหม่",
        "https://chiangmai-friends.example.org",
        "th",
        "listed",
    ),
    DemoSigner("มูลนิธิสิทธิแรงงานข้ามชาติ", Org.NGO, "TH", "กรุงเทพมหานคร", "", "th", "listed"),
    DemoSigner("เครือข่ายสุขภาพชุมชนภาคใต้", Org.NETWORK, "TH", "หาดใหญ่", "", "th", "unlisted"),
    DemoSigner("ศูนย์วิจัยเพศภาวะและสังคม มหาวิทยาลัยแม่น้ำ", Org.ACADEMIC, "TH", "ขอนแก่น", "", "th", "listed"),
    DemoSigner(
        "คลินิกเพื่อนใจพัทยา", Org.SERVICE, "TH", "พัทยา", "https://puanjai-clinic.example.org", "th", "listed"
    ),
    # China
    DemoSigner("珠江姐妹互助会", Org.COMMUNITY, "CN", "广州", "", "zh-hans", "listed"),
    DemoSigner("北京性别与健康研究中心", Org.ACADEMIC, "CN", "北京", "", "zh-hans", "listed"),
    DemoSigner("云南社区健康网络", Org.NETWORK, "CN", "昆明", "", "zh-hans", "pending-unconfirmed"),
    # Korea
    DemoSigner(
        "성노동자 권리모임 새벽", Org.COMMUNITY, "KR", "서울", "https://saebyeok.example.org", "ko", "listed"
    ),
    DemoSigner("이주인권연대 함께", Org.NGO, "KR", "부산", "", "ko", "unlisted"),
    DemoSigner("한빛 보건의료 상담소", Org.SERVICE, "KR", "대구", "", "ko", "listed"),
    DemoSigner("서울여성노동연구소", Org.ACADEMIC, "KR", "서울", "", "ko", "rejected"),
    # Australia
    DemoSigner(
        "Southern Cross Sex Workers Alliance",
        Org.COMMUNITY,
        "AU",
        "Sydney",
        "https://southern-cross.example.org",
        "en",
        "listed",
    ),
    DemoSigner("Harbourside Health Service", Org.SERVICE, "AU", "Melbourne", "", "en", "unlisted"),
    DemoSigner(
        "Union of Entertainment Workers Australia",
        Org.UNION,
        "AU",
        "Brisbane",
        "https://uewa.example.org",
        "en",
        "listed",
    ),
    DemoSigner("Faith Communities for Justice", Org.FAITH, "AU", "Perth", "", "en", "pending"),
    # Taiwan
    DemoSigner(
        "晨光工作者互助協會",
        Org.COMMUNITY,
        "TW",
        "臺北",
        "https://morninglight.example.org",
        "zh-hant",
        "listed",
    ),
    DemoSigner("島嶼移工權益網絡", Org.NETWORK, "TW", "臺中", "", "zh-hant", "listed"),
    DemoSigner("高雄社區健康服務中心", Org.SERVICE, "TW", "高雄", "", "zh-hant", "pending-unconfirmed"),
    # Hong Kong
    DemoSigner(
        "維港姊妹互助社",
        Org.COMMUNITY,
        "HK",
        "香港",
        "https://harbour-sisters.example.org",
        "zh-hant",
        "listed",
    ),
    DemoSigner("港島勞動權益關注組", Org.NGO, "HK", "香港", "", "zh-hant", "unlisted"),
    DemoSigner("九龍信望愛團契", Org.FAITH, "HK", "九龍", "", "zh-hant", "listed"),
    # Malaysia
    DemoSigner(
        "Kumpulan Sokongan Pekerja Pulau Pinang", Org.COMMUNITY, "MY", "George Town", "", "en", "listed"
    ),
    DemoSigner(
        "Rangkaian Hak Pekerja Migran",
        Org.NETWORK,
        "MY",
        "Kuala Lumpur",
        "https://migran-hak.example.org",
        "en",
        "rejected",
    ),
    DemoSigner("Pusat Kesihatan Komuniti Johor", Org.SERVICE, "MY", "Johor Bahru", "", "en", "pending"),
    DemoSigner(
        "Asia Pacific Workers' Voices",
        Org.NETWORK,
        "MY",
        "Kuala Lumpur",
        "https://apwv.example.org",
        "en",
        "listed",
    ),
    # Individuals (city column: their role)
    DemoSigner("ดร.นรินทร์ ชัยพร", "individual", "TH", "อาจารย์ คณะสังคมศาสตร์", "", "th", "listed"),
    DemoSigner("陈静怡", "individual", "CN", "公共卫生研究员", "", "zh-hans", "listed"),
    DemoSigner("មាស សុភា", "individual", "KH", "មេធាវីសិទ្ធិមនុស្ស", "", "km", "unlisted"),
    DemoSigner("Jordan Ellis", "individual", "AU", "Nurse, sexual health clinic", "", "en", "listed"),
]

REJECT_REASON = {
    "ko": "단체 정보를 확인할 수 없었습니다. 웹사이트나 연락처를 알려 주시면 다시 검토하겠습니다.",
    "en": "We could not verify this organisation. Tell us more about your work and we will look again.",
}
