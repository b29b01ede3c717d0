"""Demo plans as structured data: the three real plans of /work/shared/seeds and the Hà Tĩnh
province plan 298/KH-UBND that the first of them implements. Idempotent.

How the documents were read (the conventions every row below follows):

- Texts are the documents' own words with the PDF line breaks joined. Nothing is
  paraphrased, and the documents' slips are kept ("tự nguyên", "sai lệnh", "này này",
  "Ban VSTPCPN Sở"): a plan is a legal text and the app must print what was signed.
- A section's `body` is its original text, paragraphs on separate lines. Its tasks are the
  trackable reading of the same text, one per bullet or paragraph that asks for something
  to be done. Print the body; track the tasks.
- `lead_unit` is filled only when the text names the doer, in the sentence itself or in the
  numbered item the paragraph belongs to ("1. Ban … chịu trách nhiệm …" and its bullets).
  Otherwise it stays empty: the issuing agency as a whole.
- `recurrence` follows the words: "hàng năm", "từng năm" → yearly; named days (08/3,
  20/10, tháng 6, 15/11–15/12, trước 10/6) → dated, with the days in `schedule`; anything
  else keeps the model's default, ongoing ("thường xuyên").
- One Target row per measurable statement; a bullet holding two statements gives two rows,
  each with its own part of the wording. Qualitative targets get an indicator only when
  the wording names a measurable quantity ("giảm tỷ lệ nạo, phá thai"), so dashboards can
  show its trend without scoring it.
- Nothing is invented: no number, date, signer or target the document does not give.

The province plan 298/KH-UBND is not among the seeds. What is loaded of it is what could be
checked word for word against the published text (thuvienphapluat.vn, "Kế hoạch
298/KH-UBND 2021 thực hiện Chiến lược quốc gia về bình đẳng giới tỉnh Hà Tĩnh"): its legal
basis, general objective and the targets of domains 1 and 2. The rest of the document
(targets of domains 3–6, tasks, recipients, signer) was not available and is left out rather
than guessed; an administrator can complete it from the original.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model

from indicators.catalogue import IC, D, load_catalogue
from indicators.models import DataElement, Domain, Indicator
from plans.models import Agency, Milestone, Plan, PlanSection, ReportingDuty, Target, Task

K = Target.Kind
C = Target.Comparator
R = Task.Recurrence
P = PlanSection.Part

# year → value, or year → (low, high) for a range; year None means every year of the plan.
Milestones = dict[int | None, int | tuple[int, int]]


@dataclass(frozen=True)
class TargetSpec:
    domain: str
    wording: str
    kind: str
    comparator: str = ""
    milestones: Milestones = field(default_factory=dict)
    maintain_until: int | None = None
    indicator: str | None = None
    unit: str = "%"
    note: str = ""


@dataclass(frozen=True)
class TaskSpec:
    description: str
    lead_unit: str = ""
    lead_agency: str | None = None  # agency code, when the lead unit is one in the system
    cooperating_units: str = ""
    recurrence: str = R.ONGOING
    schedule: str = ""


@dataclass(frozen=True)
class SectionSpec:
    part: str
    number: str
    heading: str
    body: Sequence[str] = ()  # paragraphs
    tasks: Sequence[TaskSpec] = ()


@dataclass(frozen=True)
class DutySpec:
    kind: str
    recipient: str
    day: int | None = None
    month: int | None = None
    note: str = ""


@dataclass(frozen=True)
class PlanSpec:
    key: str
    agency: str
    kind: str
    title: str
    period_start: int
    period_end: int
    number: int | None = None
    symbol: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    campaign_start: datetime.date | None = None
    campaign_end: datetime.date | None = None
    parent: str | None = None  # key of another PlanSpec
    parent_reference: str = ""
    purpose: Sequence[str] = ()
    requirements: Sequence[str] = ()
    general_objective: str = ""
    closing: str = ""
    recipients: Sequence[str] = ()
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    targets: Sequence[TargetSpec] = ()
    sections: Sequence[SectionSpec] = ()
    duties: Sequence[DutySpec] = ()


# ------------------------------------------------------------- 298/KH-UBND (Hà Tĩnh)

HT_298 = PlanSpec(
    key="HT-298",
    agency="HT",
    kind=Plan.Kind.MULTI_YEAR,
    number=298,
    symbol="KH-UBND",
    place="Hà Tĩnh",
    issued_on=datetime.date(2021, 8, 19),
    title="Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030 "
    "trên địa bàn tỉnh Hà Tĩnh",
    period_start=2021,
    period_end=2030,
    parent_reference="Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ ban hành "
    "Chiến lược quốc gia về bình đẳng giới giai đoạn 2021- 2030 (gọi tắt là Chiến lược), Ủy "
    "ban nhân dân tỉnh ban hành Kế hoạch thực hiện Chiến lược trên địa bàn tỉnh Hà Tĩnh với "
    "nội dung cụ thể như sau:",
    general_objective="Thu hẹp khoảng cách giới, tạo điều kiện, cơ hội để phụ nữ và nam giới "
    "tham gia, thụ hưởng bình đẳng trong các lĩnh vực của đời sống xã hội, góp phần vào sự "
    "phát triển bền vững của tỉnh Hà Tĩnh.",
    targets=(
        TargetSpec(
            D.CHINH_TRI,
            "Phấn đấu đến năm 2025 đạt 60% và đến năm 2030 đạt 75% các cơ quan quản lý nhà "
            "nước, chính quyền địa phương các cấp có lãnh đạo tham gia quản lý là nữ.",
            K.THRESHOLD,
            C.GE,
            {2025: 60, 2030: 75},
            indicator=IC.TY_LE_CO_QUAN_LANH_DAO_NU,
            note="Chiến lược quốc gia (Nghị quyết 28/NQ-CP) viết “có lãnh đạo chủ chốt là nữ”; "
            "đo bằng tỷ lệ cơ quan trả lời Có trong số cơ quan có báo cáo.",
        ),
        TargetSpec(
            D.KINH_TE,
            "Tăng tỷ lệ lao động nữ làm công hưởng lương lên đạt 50% vào năm 2025 và khoảng "
            "60% vào năm 2030.",
            K.THRESHOLD,
            C.GE,
            {2025: 50, 2030: 60},
            indicator=IC.TY_LE_NU_LAM_CONG_HUONG_LUONG,
            note="“khoảng 60%” năm 2030 được đọc là từ 60% trở lên.",
        ),
        TargetSpec(
            D.KINH_TE,
            "Giảm tỷ trọng lao động nữ làm việc trong khu vực nông nghiệp trong tổng số lao "
            "động nữ có việc làm xuống dưới 30% vào năm 2025 và dưới 25% vào năm 2030.",
            K.THRESHOLD,
            C.LT,
            {2025: 30, 2030: 25},
            indicator=IC.TY_TRONG_NU_NONG_NGHIEP,
        ),
        TargetSpec(
            D.KINH_TE,
            "Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã đạt ít nhất 27% vào năm 2025 và "
            "30% vào năm 2030.",
            K.THRESHOLD,
            C.GE,
            {2025: 27, 2030: 30},
            indicator=IC.TY_LE_NU_CHU_DOANH_NGHIEP,
        ),
    ),
    duties=(
        # The seeds show Hà Tĩnh's deadlines (the Sở Ngoại vụ action-month plan, quoting the
        # province's plan 218/KH-UBND); the text of 298 itself was not available to check.
        DutySpec(
            ReportingDuty.Kind.MID_YEAR,
            "Ban Vì sự tiến bộ của phụ nữ tỉnh (cơ quan thường trực: Sở Lao động - Thương binh "
            "và Xã hội)",
            10,
            6,
            "Hạn trước ngày 10/6 theo chế độ báo cáo của tỉnh; chưa đối chiếu với nguyên văn "
            "Kế hoạch 298/KH-UBND.",
        ),
        DutySpec(
            ReportingDuty.Kind.ANNUAL,
            "Ban Vì sự tiến bộ của phụ nữ tỉnh (cơ quan thường trực: Sở Lao động - Thương binh "
            "và Xã hội)",
            10,
            12,
            "Hạn trước ngày 10/12 theo chế độ báo cáo của tỉnh; chưa đối chiếu với nguyên văn "
            "Kế hoạch 298/KH-UBND.",
        ),
    ),
)

# --------------------------------------------- seed 000: Sở Ngoại vụ Hà Tĩnh, 2021–2030

VPTT = "Văn phòng - Thanh tra Sở"
BAN_SO = "Ban Vì sự tiến bộ phụ nữ Sở"
BAN_CUA_SO = "Ban Vì sự tiến bộ phụ nữ của Sở"

SNGV_2021_2030 = PlanSpec(
    key="HT-SNGV-2021-2030",
    agency="HT-SNGV",
    kind=Plan.Kind.MULTI_YEAR,
    symbol="KH-SNgV",
    place="Hà Tĩnh",
    issued_on=datetime.date(2021, 9, 6),
    title="Thực hiện Chiến lược quốc gia về bình đẳng giới của Sở Ngoại vụ giai đoạn 2021 – 2030",
    period_start=2021,
    period_end=2030,
    parent="HT-298",
    parent_reference="Căn cứ Kế hoạch số 298/KH-UBND ngày 19/8/2021 của Ủy ban nhân dân tỉnh "
    "Hà Tĩnh về thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021- 2030 trên địa "
    "bàn tỉnh Hà Tĩnh; căn cứ tình hình thực tế và yêu cầu về công tác phụ nữ, Sở Ngoại vụ xây "
    "dựng kế hoạch thực hiện cụ thể như sau:",
    general_objective="Giảm khoảng cách giới và nâng cao vị thế của phụ nữ ngành đối ngoại Hà "
    "Tĩnh trong thời kỳ hội nhập quốc tế. Phấn đấu đến năm 2030, nữ cán bộ, công chức, viên "
    "chức Sở Ngoại vụ được nâng cao trình độ về mọi mặt, có học vấn, chuyên môn, nghiệp vụ đáp "
    "ứng yêu cầu nhiệm vụ, công tác trên lĩnh vực đối ngoại. Tạo điều kiện để nữ CBCCVC cơ quan "
    "tham gia, thụ hưởng bình đẳng trong các lĩnh vực của đời sống xã hội, góp phần vào sự phát "
    "triển bền vững của tỉnh Hà Tĩnh.",
    closing="Trên đây là Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn "
    "2021- 2030 của Sở Ngoại vụ./.",
    recipients=(
        "- Ban VSTBPN tỉnh (Sở LĐTBXH);",
        "- Chi bộ Sở;",
        "- Ban Giám đốc Sở;",
        "- Công đoàn, Đoàn thanh niên;",
        "- Các phòng chuyên môn, đơn vị thuộc Sở;",
        "- Lưu: VT, VPTTr.",
    ),
    signer_title="GIÁM ĐỐC",
    signer_name="Thái Phúc Sơn",
    targets=(
        # a) Mục tiêu 1: chính trị
        TargetSpec(
            D.CHINH_TRI,
            "Phấn đấu đến năm 2025 và duy trì đến năm 2030 đạt 35% trở lên tỷ lệ cán bộ nữ "
            "được bổ nhiệm chức vụ lãnh đạo quản lý cơ quan.",
            K.THRESHOLD,
            C.GE,
            {2025: 35},
            maintain_until=2030,
            indicator=IC.TY_LE_NU_LANH_DAO,
        ),
        TargetSpec(
            D.CHINH_TRI,
            "Phấn đấu tỷ lệ nữ trong diện quy hoạch được bổ nhiệm cán bộ lãnh đạo, quản lý cấp "
            "phòng và đơn vị trực thuộc đến năm 2025 và duy trì đến năm 2030 đạt tỷ lệ từ 40% "
            "trở lên.",
            K.THRESHOLD,
            C.GE,
            {2025: 40},
            maintain_until=2030,
            indicator=IC.TY_LE_NU_QUY_HOACH,
        ),
        TargetSpec(
            D.CHINH_TRI,
            "Phấn đấu duy trì tỷ lệ nữ CBCCVC tham gia cấp ủy đến năm 2030 đạt 80% trở lên",
            K.THRESHOLD,
            C.GE,
            {None: 80},
            indicator=IC.TY_LE_NU_CAP_UY,
            note="“Duy trì … đến năm 2030”: từ 80% trở lên mọi năm của kế hoạch. Đọc là tỷ lệ "
            "nữ trong số cấp ủy viên của cơ quan.",
        ),
        TargetSpec(
            D.CHINH_TRI,
            "100% nữ CBCCVC được kết nạp Đảng.",
            K.ALL,
            C.GE,
            {None: 100},
            indicator=IC.TY_LE_NU_CBCCVC_LA_DANG_VIEN,
            note="Cùng gạch đầu dòng với chỉ tiêu cấp ủy. Mục II.2.4 nhắc lại: “đảm bảo tỷ lệ "
            "công chức, viên chức nữ được kết nạp Đảng 100%”.",
        ),
        # b) Mục tiêu 2: kinh tế, lao động
        TargetSpec(
            D.KINH_TE,
            "100% tỷ lệ nữ CBCCVC được bố trí việc làm phù hợp với trình độ chuyên môn và năng "
            "lực công tác.",
            K.ALL,
            C.GE,
            {None: 100},
            indicator=IC.TY_LE_NU_BO_TRI_PHU_HOP,
        ),
        TargetSpec(
            D.KINH_TE,
            "Ưu tiên tuyển dụng cán bộ nữ vào làm việc tại cơ quan, đơn vị trực thuộc.",
            K.QUALITATIVE,
            unit="",
        ),
        # c) Mục tiêu 3: gia đình, bạo lực trên cơ sở giới
        TargetSpec(
            D.GIA_DINH,
            "Rút ngắn khoảng cách về thời gian tham gia công việc gia đình của nữ CBCCVC so với "
            "nam CBCCVC.",
            K.QUALITATIVE,
            unit="",
        ),
        TargetSpec(
            D.GIA_DINH,
            "Phấn đấu CBCCVC Sở không có hành vi bạo lực gia đình.",
            K.ZERO,
            C.LE,
            {None: 0},
            indicator=IC.SO_VU_BAO_LUC_GIA_DINH,
            unit="vụ",
        ),
        # d) Mục tiêu 4: y tế
        TargetSpec(
            D.Y_TE,
            "Thực hiện 100% nữ CBCCVC được kiểm tra sức khỏe định kỳ, khám phụ khoa.",
            K.ALL,
            C.GE,
            {None: 100},
            indicator=IC.TY_LE_NU_KHAM_SUC_KHOE,
        ),
        TargetSpec(
            D.Y_TE,
            "Thực hiện 100% nữ CBCCVC mang thai được nghỉ khám thai 5 lần",
            K.ALL,
            C.GE,
            {None: 100},
            indicator=IC.TY_LE_NGHI_KHAM_THAI,
        ),
        TargetSpec(
            D.Y_TE,
            "giảm tỷ lệ nạo, phá thai trong nữ CBCCVC.",
            K.QUALITATIVE,
            indicator=IC.TY_LE_NAO_PHA_THAI,
            unit="",
            note="Không nêu mức cần đạt: theo dõi xu hướng (càng thấp càng tốt), không chấm "
            "đạt/không đạt.",
        ),
        # đ) Mục tiêu 5: giáo dục, đào tạo
        TargetSpec(
            D.GIAO_DUC,
            "Bảo đảm tỷ lệ nữ trong tổng số CBCCVC được bồi dưỡng nâng cao trình độ nghiệp vụ, "
            "lý luận chính trị, quản lý nhà nước, tin học và ngoại ngữ... đạt 100%.",
            K.ALL,
            C.GE,
            {None: 100},
            indicator=IC.TY_LE_NU_DUOC_BOI_DUONG,
            note="Đọc là: 100% nữ CBCCVC được bồi dưỡng (nữ được bồi dưỡng / nữ CBCCVC), không "
            "phải tỷ lệ nữ trong số người được bồi dưỡng (tỷ lệ đó không thể là 100% nếu nam "
            "cũng được bồi dưỡng).",
        ),
        TargetSpec(
            D.GIAO_DUC,
            "Đến năm 2030 phấn đấu 80% nữ CBCCVC của Sở Ngoại vụ giao tiếp được ít nhất 1 "
            "ngoại ngữ.",
            K.THRESHOLD,
            C.GE,
            {2030: 80},
            indicator=IC.TY_LE_NU_NGOAI_NGU,
        ),
        # e) Mục tiêu 6: thông tin, truyền thông
        TargetSpec(
            D.TRUYEN_THONG,
            "Bảo đảm các sản phẩm tuyên truyền về văn hóa thông tin do Sở Ngoại vụ thực hiện "
            "không mang định kiến giới.",
            K.QUALITATIVE,
            unit="",
        ),
        TargetSpec(
            D.TRUYEN_THONG,
            "Triển khai việc cam kết thực hiện bình đẳng giới.",
            K.QUALITATIVE,
            unit="",
        ),
        TargetSpec(
            D.TRUYEN_THONG,
            "Phối hợp thực hiện về tuyên truyền, giáo dục về bình đẳng giới; thực hiện việc phổ "
            "biến, cập nhật thông tin về bình đẳng giới trên Cổng Thông tin điện tử của Sở.",
            K.QUALITATIVE,
            unit="",
        ),
    ),
    sections=(
        SectionSpec(P.CONTENT, "II", "NỘI DUNG THỰC HIỆN"),
        SectionSpec(
            P.CONTENT,
            "1",
            "Nâng cao nhận thức về bình đẳng giới và kỹ năng lồng ghép giới của đội ngũ công "
            "chức, viên chức trong cơ quan",
            (
                "- Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà Tĩnh có trách nhiệm nghiên cứu, "
                "lồng ghép các mục tiêu vì sự tiến bộ phụ nữ trong các hoạt động chính trị, "
                "chuyên môn trên cơ sở chức năng, nhiệm vụ của cơ quan, đơn vị trực thuộc; tổ "
                "chức tập huấn kỹ năng lồng ghép giới trong công tác đối ngoại cho công chức, "
                "viên chức thuộc thẩm quyền quản lý của cơ quan, đơn vị; xác định rõ công tác "
                "bình đẳng giới là trách nhiệm của lãnh đạo các phòng, ban, đơn vị trực thuộc "
                "với sự tham gia của các tổ chức đoàn thể trong cơ quan.",
                "- Phối hợp với Tổ công tác tuyên truyền, phổ biến văn bản pháp luật, Văn phòng "
                "- Thanh tra Sở tổ chức quán triệt các Chỉ thị, Nghị quyết của Đảng, Chính phủ, "
                "Chiến lược quốc gia về bình đẳng giới và Luật Bình đẳng giới đến toàn thể cán "
                "bộ, công chức, viên chức cơ quan.",
                "- Đẩy mạnh việc tuyên truyền, giới thiệu về truyền thống ngành, về vai trò và "
                "sự đóng góp của phụ nữ trong quá trình xây dựng, phát triển của ngành Ngoại "
                "giao Việt Nam, của tỉnh và của cơ quan.",
            ),
            (
                TaskSpec(
                    "Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà Tĩnh có trách nhiệm nghiên "
                    "cứu, lồng ghép các mục tiêu vì sự tiến bộ phụ nữ trong các hoạt động chính "
                    "trị, chuyên môn trên cơ sở chức năng, nhiệm vụ của cơ quan, đơn vị trực "
                    "thuộc; tổ chức tập huấn kỹ năng lồng ghép giới trong công tác đối ngoại cho "
                    "công chức, viên chức thuộc thẩm quyền quản lý của cơ quan, đơn vị; xác định "
                    "rõ công tác bình đẳng giới là trách nhiệm của lãnh đạo các phòng, ban, đơn "
                    "vị trực thuộc với sự tham gia của các tổ chức đoàn thể trong cơ quan.",
                    lead_unit="Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà Tĩnh",
                ),
                TaskSpec(
                    "Phối hợp với Tổ công tác tuyên truyền, phổ biến văn bản pháp luật, Văn "
                    "phòng - Thanh tra Sở tổ chức quán triệt các Chỉ thị, Nghị quyết của Đảng, "
                    "Chính phủ, Chiến lược quốc gia về bình đẳng giới và Luật Bình đẳng giới đến "
                    "toàn thể cán bộ, công chức, viên chức cơ quan.",
                    cooperating_units="Tổ công tác tuyên truyền, phổ biến văn bản pháp luật; "
                    + VPTT,
                ),
                TaskSpec(
                    "Đẩy mạnh việc tuyên truyền, giới thiệu về truyền thống ngành, về vai trò và "
                    "sự đóng góp của phụ nữ trong quá trình xây dựng, phát triển của ngành Ngoại "
                    "giao Việt Nam, của tỉnh và của cơ quan.",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "2",
            "Tiếp tục xây dựng đội ngũ công chức, viên chức nữ của cơ quan có phẩm chất và năng "
            "lực; nâng cao vai trò, vị trí và tăng cường sự tham gia của công chức nữ trong công "
            "tác quản lý, công tác chuyên môn",
        ),
        SectionSpec(
            P.CONTENT,
            "2.1",
            "Quy hoạch đội ngũ công chức, viên chức nữ",
            (
                "Văn phòng - Thanh tra Sở phối hợp với Ban Vì sự tiến bộ phụ nữ Sở tham mưu Cấp "
                "uỷ, Chi bộ, Ban Giám đốc Sở triển khai xây dựng quy hoạch cán bộ, công chức nữ "
                "trong quá trình xây dựng quy hoạch tổng thể đội ngũ cán bộ, công chức, viên "
                "chức toàn cơ quan và của từng phòng chuyên môn, đơn vị trực thuộc.",
                "Xây dựng Kế hoạch luân chuyển cán bộ quản lý của Sở theo giai đoạn, trong đó "
                "đặc biệt chú ý cơ cấu cán bộ nữ. Bảo đảm nâng cao tỷ lệ công chức, viên chức nữ "
                "giữ ngạch chuyên viên chính, nâng cao năng lực cho đội ngũ công chức, viên chức "
                "nữ và đưa chỉ tiêu có lãnh đạo nữ ở các đơn vị có từ 50% công chức, viên chức "
                "nữ trở lên vào quy hoạch để tổ chức thực hiện.",
            ),
            (
                TaskSpec(
                    "Văn phòng - Thanh tra Sở phối hợp với Ban Vì sự tiến bộ phụ nữ Sở tham mưu "
                    "Cấp uỷ, Chi bộ, Ban Giám đốc Sở triển khai xây dựng quy hoạch cán bộ, công "
                    "chức nữ trong quá trình xây dựng quy hoạch tổng thể đội ngũ cán bộ, công "
                    "chức, viên chức toàn cơ quan và của từng phòng chuyên môn, đơn vị trực "
                    "thuộc.",
                    lead_unit=VPTT,
                    lead_agency="HT-SNGV-VPTT",
                    cooperating_units=BAN_SO,
                ),
                TaskSpec(
                    "Xây dựng Kế hoạch luân chuyển cán bộ quản lý của Sở theo giai đoạn, trong "
                    "đó đặc biệt chú ý cơ cấu cán bộ nữ. Bảo đảm nâng cao tỷ lệ công chức, viên "
                    "chức nữ giữ ngạch chuyên viên chính, nâng cao năng lực cho đội ngũ công "
                    "chức, viên chức nữ và đưa chỉ tiêu có lãnh đạo nữ ở các đơn vị có từ 50% "
                    "công chức, viên chức nữ trở lên vào quy hoạch để tổ chức thực hiện.",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "2.2",
            "Đào tạo, bồi dưỡng nâng cao trình độ chuyên môn, năng lực công tác và quản lý cho "
            "đội ngũ công chức, viên chức nữ",
            (
                "Văn phòng - Thanh tra Sở xây dựng và tham mưu Cấp ủy, Ban Giám đốc Sở thực hiện "
                "Kế hoạch đào tạo, bồi dưỡng nâng cao trình độ, năng lực cho đội ngũ cán bộ, "
                "công chức nữ. Chú trọng bồi dưỡng về lý luận chính trị, quản lý Nhà nước và "
                "chuyên môn nghiệp vụ đối ngoại cho đội ngũ cán bộ lãnh đạo nữ; cán bộ, công "
                "chức, viên chức nữ trong diện quy hoạch lãnh đạo và giữ các chức danh chuyên "
                "môn chủ chốt.",
            ),
            (
                TaskSpec(
                    "Văn phòng - Thanh tra Sở xây dựng và tham mưu Cấp ủy, Ban Giám đốc Sở thực "
                    "hiện Kế hoạch đào tạo, bồi dưỡng nâng cao trình độ, năng lực cho đội ngũ "
                    "cán bộ, công chức nữ. Chú trọng bồi dưỡng về lý luận chính trị, quản lý Nhà "
                    "nước và chuyên môn nghiệp vụ đối ngoại cho đội ngũ cán bộ lãnh đạo nữ; cán "
                    "bộ, công chức, viên chức nữ trong diện quy hoạch lãnh đạo và giữ các chức "
                    "danh chuyên môn chủ chốt.",
                    lead_unit=VPTT,
                    lead_agency="HT-SNGV-VPTT",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "2.3",
            "Bố trí, sử dụng hợp lý đội ngũ công chức, viên chức nữ",
            (
                "Có kế hoạch bố trí, sử dụng hợp lý đội ngũ công chức, viên chức nữ phù hợp với "
                "đặc tính về giới, điều kiện và hoàn cảnh để tạo điều kiện cho cán bộ, công "
                "chức, viên chức nữ hoàn thành nhiệm vụ được giao và có cơ hội phát triển.",
                "Chi bộ, Ban Giám đốc Sở xem xét, ưu tiên bổ nhiệm hoặc đề nghị bổ nhiệm cán bộ "
                "nữ có đủ tiêu chuẩn vào các chức vụ lãnh đạo, chức danh chuyên môn chủ chốt "
                "trong trường hợp cán bộ, công chức, viên chức nữ và nam ngang bằng nhau trong "
                "các tiêu chuẩn.",
                "Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với các phòng chuyên môn, đơn vị thuộc "
                "Sở và các tổ chức đoàn thể phát hiện, giới thiệu công chức, viên chức nữ đủ "
                "tiêu chuẩn để xem xét, bổ nhiệm vào chức vụ lãnh đạo, chức danh chuyên môn chủ "
                "chốt.",
            ),
            (
                TaskSpec(
                    "Có kế hoạch bố trí, sử dụng hợp lý đội ngũ công chức, viên chức nữ phù hợp "
                    "với đặc tính về giới, điều kiện và hoàn cảnh để tạo điều kiện cho cán bộ, "
                    "công chức, viên chức nữ hoàn thành nhiệm vụ được giao và có cơ hội phát "
                    "triển.",
                ),
                TaskSpec(
                    "Chi bộ, Ban Giám đốc Sở xem xét, ưu tiên bổ nhiệm hoặc đề nghị bổ nhiệm cán "
                    "bộ nữ có đủ tiêu chuẩn vào các chức vụ lãnh đạo, chức danh chuyên môn chủ "
                    "chốt trong trường hợp cán bộ, công chức, viên chức nữ và nam ngang bằng "
                    "nhau trong các tiêu chuẩn.",
                    lead_unit="Chi bộ, Ban Giám đốc Sở",
                ),
                TaskSpec(
                    "Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với các phòng chuyên môn, đơn vị "
                    "thuộc Sở và các tổ chức đoàn thể phát hiện, giới thiệu công chức, viên chức "
                    "nữ đủ tiêu chuẩn để xem xét, bổ nhiệm vào chức vụ lãnh đạo, chức danh "
                    "chuyên môn chủ chốt.",
                    lead_unit=BAN_CUA_SO,
                    cooperating_units="các phòng chuyên môn, đơn vị thuộc Sở; các tổ chức đoàn thể",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "2.4",
            "Quan tâm bồi dưỡng, giúp đỡ để công chức, viên chức nữ tích cực phấn đấu, tự nguyện "
            "xin gia nhập vào tổ chức Đảng Cộng sản Việt Nam và được bầu vào Cấp ủy Đảng",
            (
                "Quan tâm bồi dưỡng, giúp đỡ để công chức, viên chức nữ trẻ tích cực phấn đấu, "
                "trau dồi phẩm chất, năng lực, trình độ và tự nguyên xin gia nhập tổ chức Đảng "
                "Cộng sản Việt Nam đảm bảo tỷ lệ công chức, viên chức nữ được kết nạp Đảng "
                "100%.",
                "Tổ chức Công đoàn và Nữ công của cơ quan chú ý phát hiện, động viên công chức, "
                "viên chức nữ có phẩm chất, năng lực, trình độ tự nguyện xin gia nhập vào tổ "
                "chức Đảng Cộng sản Việt Nam và tích cực phấn đấu để được tham gia vào Cấp ủy "
                "Đảng.",
            ),
            (
                TaskSpec(
                    "Quan tâm bồi dưỡng, giúp đỡ để công chức, viên chức nữ trẻ tích cực phấn "
                    "đấu, trau dồi phẩm chất, năng lực, trình độ và tự nguyên xin gia nhập tổ "
                    "chức Đảng Cộng sản Việt Nam đảm bảo tỷ lệ công chức, viên chức nữ được kết "
                    "nạp Đảng 100%.",
                ),
                TaskSpec(
                    "Tổ chức Công đoàn và Nữ công của cơ quan chú ý phát hiện, động viên công "
                    "chức, viên chức nữ có phẩm chất, năng lực, trình độ tự nguyện xin gia nhập "
                    "vào tổ chức Đảng Cộng sản Việt Nam và tích cực phấn đấu để được tham gia "
                    "vào Cấp ủy Đảng.",
                    lead_unit="Tổ chức Công đoàn và Nữ công của cơ quan",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "2.5",
            "Thực hiện kịp thời và đúng pháp luật các chế độ, chính sách đối với cán bộ, công "
            "chức, viên chức nữ",
            (
                "Văn phòng - Thanh tra Sở thực hiện đầy đủ, kịp thời các chế độ, chính sách đối "
                "với công chức, viên chức nữ theo đúng quy định của pháp luật.",
                "Ban Vì sự tiến bộ phụ nữ của Sở giám sát việc thực hiện chế độ, chính sách đối "
                "với cán bộ, công chức, viên chức nữ; đề xuất với Ban Giám đốc Sở trong việc "
                "thực hiện chế độ, chính sách, bảo đảm quyền và lợi ích hợp pháp của cán bộ, "
                "công chức, viên chức nữ.",
                "Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với tổ chức Công đoàn, Nữ công tổ chức "
                "tốt các ngày lễ kỷ niệm của phụ nữ, động viên công chức, viên chức nữ tham gia "
                "các phong trào thi đua của cơ quan.",
            ),
            (
                TaskSpec(
                    "Văn phòng - Thanh tra Sở thực hiện đầy đủ, kịp thời các chế độ, chính sách "
                    "đối với công chức, viên chức nữ theo đúng quy định của pháp luật.",
                    lead_unit=VPTT,
                    lead_agency="HT-SNGV-VPTT",
                ),
                TaskSpec(
                    "Ban Vì sự tiến bộ phụ nữ của Sở giám sát việc thực hiện chế độ, chính sách "
                    "đối với cán bộ, công chức, viên chức nữ; đề xuất với Ban Giám đốc Sở trong "
                    "việc thực hiện chế độ, chính sách, bảo đảm quyền và lợi ích hợp pháp của "
                    "cán bộ, công chức, viên chức nữ.",
                    lead_unit=BAN_CUA_SO,
                ),
                TaskSpec(
                    "Ban Vì sự tiến bộ phụ nữ của Sở phối hợp với tổ chức Công đoàn, Nữ công tổ "
                    "chức tốt các ngày lễ kỷ niệm của phụ nữ, động viên công chức, viên chức nữ "
                    "tham gia các phong trào thi đua của cơ quan.",
                    lead_unit=BAN_CUA_SO,
                    cooperating_units="tổ chức Công đoàn, Nữ công",
                    recurrence=R.DATED,
                    # The plan names the occasions, not the days: keep its words.
                    schedule="các ngày lễ kỷ niệm của phụ nữ",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "3",
            "Tạo điều kiện để công chức, viên chức nữ tham gia vào hoạt động chuyên môn và các "
            "phong trào chung của cơ quan",
            (
                "Các phòng chuyên môn, đơn vị trực thuộc quan tâm phân công công chức, viên chức "
                "nữ chủ động tham gia thực hiện các công việc chuyên môn của đơn vị; động viên, "
                "khuyến khích công chức, viên chức nữ tham gia tích cực vào các phong trào chung "
                "của cơ quan như: thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng; "
                "thi đua hoàn thành nhiệm vụ được giao.",
                "Tổ nữ công phối hợp với các tổ chức đoàn thể của cơ quan động viên, khuyến khích "
                "công chức, viên chức nữ chủ động đề xuất đảm nhận các công việc chuyên môn, thể "
                "hiện năng lực công tác và phấn đấu hoàn thành tốt các công việc chuyên môn được "
                "giao, khẳng định vai trò quan trọng và tính tích cực của phụ nữ trong các phong "
                "trào chung của cơ quan; động viên, khuyến khích công chức, viên chức nữ tham "
                "gia các phong trào chung, thể thao, văn hoá, văn nghệ tích cực tham gia xây dựng "
                "văn hoá công sở.",
            ),
            (
                TaskSpec(
                    "Các phòng chuyên môn, đơn vị trực thuộc quan tâm phân công công chức, viên "
                    "chức nữ chủ động tham gia thực hiện các công việc chuyên môn của đơn vị; "
                    "động viên, khuyến khích công chức, viên chức nữ tham gia tích cực vào các "
                    "phong trào chung của cơ quan như: thực hành tiết kiệm, chống lãng phí; "
                    "phòng, chống tham nhũng; thi đua hoàn thành nhiệm vụ được giao.",
                    lead_unit="Các phòng chuyên môn, đơn vị trực thuộc",
                ),
                TaskSpec(
                    "Tổ nữ công phối hợp với các tổ chức đoàn thể của cơ quan động viên, khuyến "
                    "khích công chức, viên chức nữ chủ động đề xuất đảm nhận các công việc chuyên "
                    "môn, thể hiện năng lực công tác và phấn đấu hoàn thành tốt các công việc "
                    "chuyên môn được giao, khẳng định vai trò quan trọng và tính tích cực của phụ "
                    "nữ trong các phong trào chung của cơ quan; động viên, khuyến khích công "
                    "chức, viên chức nữ tham gia các phong trào chung, thể thao, văn hoá, văn "
                    "nghệ tích cực tham gia xây dựng văn hoá công sở.",
                    lead_unit="Tổ nữ công",
                    cooperating_units="các tổ chức đoàn thể của cơ quan",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "4",
            "Chăm sóc sức khoẻ và tăng cường vai trò gia đình của cán bộ, công chức, viên chức nữ",
            (
                "Công đoàn Sở phối hợp với Văn phòng-Thanh tra Sở tham mưu, đề xuất với Ban Giám "
                "đốc tổ chức khám sức khoẻ định kỳ cho tất cả cán bộ, công chức nữ; đồng thời "
                "tạo điều kiện giúp công chức, viên chức nữ được nâng cao kiến thức về chăm sóc "
                "sức khỏe bản thân và gia đình, phòng trừ dịch bệnh",
                "Thực hiện tốt chính sách bảo vệ phụ nữ, trẻ em; chính sách ưu đãi đối với cá "
                "nhân, gia đình có công với cách mạng, gia đình thương binh, liệt sỹ; chính sách "
                "hỗ trợ phụ nữ nghèo. Khen thưởng đối với con em cán bộ, công chức nữ trong cơ "
                "quan, đơn vị có thành tích học tập cao",
            ),
            (
                TaskSpec(
                    "Công đoàn Sở phối hợp với Văn phòng-Thanh tra Sở tham mưu, đề xuất với Ban "
                    "Giám đốc tổ chức khám sức khoẻ định kỳ cho tất cả cán bộ, công chức nữ; "
                    "đồng thời tạo điều kiện giúp công chức, viên chức nữ được nâng cao kiến "
                    "thức về chăm sóc sức khỏe bản thân và gia đình, phòng trừ dịch bệnh",
                    lead_unit="Công đoàn Sở",
                    cooperating_units="Văn phòng-Thanh tra Sở",
                    # "Định kỳ": the Law on Occupational Safety and Health requires at least
                    # one check-up a year.
                    recurrence=R.YEARLY,
                ),
                TaskSpec(
                    "Thực hiện tốt chính sách bảo vệ phụ nữ, trẻ em; chính sách ưu đãi đối với "
                    "cá nhân, gia đình có công với cách mạng, gia đình thương binh, liệt sỹ; "
                    "chính sách hỗ trợ phụ nữ nghèo. Khen thưởng đối với con em cán bộ, công "
                    "chức nữ trong cơ quan, đơn vị có thành tích học tập cao",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "5",
            "Kiện toàn tổ chức, nâng cao hiệu quả hoạt động của Ban vì sự tiến bộ phụ nữ Sở "
            "Ngoại vụ Hà Tĩnh",
            (
                "Thường xuyên củng cố, kiện toàn tổ chức, cán bộ làm công tác Vì sự tiến bộ phụ "
                "nữ, tạo điều kiện bố trí kinh phí hoạt động vì sự tiến bộ phụ nữ theo hướng dẫn "
                "của Ban Vì sự tiến bộ phụ nữ tỉnh.",
                "Cấp uỷ Đảng và Lãnh đạo Sở phối hợp chặt chẽ với các Tổ chức đoàn thể, chỉ đạo "
                "Ban vì sự tiến bộ phụ nữ của Sở và các phòng chuyên môn, đơn vị trực thuộc thực "
                "hiện tốt Chương trình hành động vì sự tiến bộ phụ nữ của cơ quan. Tăng cường "
                "kiểm tra, giám sát hoạt động vì sự tiến bộ phụ nữ tại các phòng chuyên môn, đơn "
                "vị thuộc Sở.",
                "Định kỳ hàng năm, Ban Vì sự tiến bộ phụ nữ Sở tổ chức sơ kết hoạt động Vì sự "
                "tiến bộ của phụ nữ; báo cáo kết quả hoạt động cho Chi bộ, Ban Giám đốc Sở và "
                "Ban Vì sự tiến bộ phụ nữ tỉnh.",
            ),
            (
                TaskSpec(
                    "Thường xuyên củng cố, kiện toàn tổ chức, cán bộ làm công tác Vì sự tiến bộ "
                    "phụ nữ, tạo điều kiện bố trí kinh phí hoạt động vì sự tiến bộ phụ nữ theo "
                    "hướng dẫn của Ban Vì sự tiến bộ phụ nữ tỉnh.",
                ),
                TaskSpec(
                    "Cấp uỷ Đảng và Lãnh đạo Sở phối hợp chặt chẽ với các Tổ chức đoàn thể, chỉ "
                    "đạo Ban vì sự tiến bộ phụ nữ của Sở và các phòng chuyên môn, đơn vị trực "
                    "thuộc thực hiện tốt Chương trình hành động vì sự tiến bộ phụ nữ của cơ "
                    "quan. Tăng cường kiểm tra, giám sát hoạt động vì sự tiến bộ phụ nữ tại các "
                    "phòng chuyên môn, đơn vị thuộc Sở.",
                    lead_unit="Cấp uỷ Đảng và Lãnh đạo Sở",
                    cooperating_units="các Tổ chức đoàn thể",
                ),
                TaskSpec(
                    "Định kỳ hàng năm, Ban Vì sự tiến bộ phụ nữ Sở tổ chức sơ kết hoạt động Vì "
                    "sự tiến bộ của phụ nữ; báo cáo kết quả hoạt động cho Chi bộ, Ban Giám đốc "
                    "Sở và Ban Vì sự tiến bộ phụ nữ tỉnh.",
                    lead_unit=BAN_SO,
                    recurrence=R.YEARLY,
                ),
            ),
        ),
        SectionSpec(P.SOLUTIONS, "III", "GIẢI PHÁP THỰC HIỆN"),
        *(
            SectionSpec(P.SOLUTIONS, str(n), text, tasks=(TaskSpec(text),))
            for n, text in enumerate(
                (
                    "Tăng cường sự lãnh đạo của cấp uỷ Đảng, Chi bộ và Ban Giám đốc Sở trong "
                    "việc thực hiện chiến lược quốc gia về bình đẳng giới; đẩy mạnh tuyên "
                    "truyền, phổ biến chính sách, pháp luật về bình đẳng giới.",
                    "Thực hiện quyền bình đẳng về giới; nâng cao vị thế của của đội ngũ cán bộ, "
                    "công chức, viên chức thông qua việc tăng cường sự tham gia lãnh đạo, quản "
                    "lý của nữ cán bộ, công chức, viên chức Sở.",
                    "Đẩy mạnh hoạt động hợp tác quốc tế nhằm vận động nguồn lực hỗ trợ thực hiện "
                    "các chính sách về bình đẳng giới.",
                    "Tạo điều kiện cho nữ cán bộ, công chức, viên chức Sở tham gia các lớp đào "
                    "tạo, bồi dưỡng nhằm nâng cao trình độ chuyên môn, nghiệp vụ; trình độ ngoại "
                    "ngữ, tin học.",
                    "Tổ chức và tham gia các cuộc hội thảo, các buổi toạ đàm nhằm nâng cao nhận "
                    "thức về giới cho tập thể cán bộ, công chức, viên chức.",
                    "Phát huy vai trò nòng cốt của Ban Vì sự tiến bộ của phụ nữ Sở Ngoại vụ Hà "
                    "Tĩnh; Công đoàn và Tổ nữ công trong việc tham mưu và thực hiện các giải "
                    "pháp cần thiết để nâng cao nhận thức cho đội ngũ nữ cán bộ, công chức, viên "
                    "chức cơ quan về bình đẳng giới, khắc phục tư tưởng tự ti, an phận, nêu cao "
                    "tinh thần tự chủ, đoàn kết, vượt khó vươn lên.",
                    "Kiện toàn Ban Vì sự tiến bộ phụ nữ Sở (nếu có thay đổi); nâng cao năng lực "
                    "cho đội ngũ cán bộ làm công tác bình đẳng giới.",
                    "Tổ chức các hoạt động theo hướng dẫn của Ban Vì sự tiến bộ phụ nữ tỉnh.",
                ),
                start=1,
            )
        ),
        SectionSpec(P.ORGANIZATION, "IV", "TỔ CHỨC THỰC HIỆN"),
        SectionSpec(
            P.ORGANIZATION,
            "1",
            "Ban Vì sự tiến bộ phụ nữ Sở triển khai kế hoạch hành động của từng năm; tham mưu "
            "việc thực hiện kế hoạch lồng ghép vào việc thực hiện nhiệm vụ của cơ quan và các tổ "
            "chức đoàn thể; tham mưu, đề xuất với Chi bộ, Ban Giám đốc Sở những bất cập, khó "
            "khăn, vướng mắc trong quá trình triển khai thực hiện kế hoạch.",
            (
                "Chỉ đạo Công đoàn, tổ nữ công và các tổ chức đoàn thể khác thực hiện Kế hoạch "
                "này trong phạm vi hoạt động của mình theo hướng dành ưu tiên cho cán bộ, công "
                "chức, viên chức nữ.",
                "Hàng năm, tiến hành sơ kết, tổng kết báo cáo kết quả thực hiện cho Ban Vì sự "
                "tiến bộ phụ nữ tỉnh, Chi bộ, Ban Giám đốc Sở.",
            ),
            (
                TaskSpec(
                    "Ban Vì sự tiến bộ phụ nữ Sở triển khai kế hoạch hành động của từng năm; "
                    "tham mưu việc thực hiện kế hoạch lồng ghép vào việc thực hiện nhiệm vụ của "
                    "cơ quan và các tổ chức đoàn thể; tham mưu, đề xuất với Chi bộ, Ban Giám đốc "
                    "Sở những bất cập, khó khăn, vướng mắc trong quá trình triển khai thực hiện "
                    "kế hoạch.",
                    lead_unit=BAN_SO,
                    recurrence=R.YEARLY,
                ),
                TaskSpec(
                    "Chỉ đạo Công đoàn, tổ nữ công và các tổ chức đoàn thể khác thực hiện Kế "
                    "hoạch này trong phạm vi hoạt động của mình theo hướng dành ưu tiên cho cán "
                    "bộ, công chức, viên chức nữ.",
                    lead_unit=BAN_SO,
                ),
                TaskSpec(
                    "Hàng năm, tiến hành sơ kết, tổng kết báo cáo kết quả thực hiện cho Ban Vì "
                    "sự tiến bộ phụ nữ tỉnh, Chi bộ, Ban Giám đốc Sở.",
                    lead_unit=BAN_SO,
                    recurrence=R.YEARLY,
                ),
            ),
        ),
        SectionSpec(
            P.ORGANIZATION,
            "2",
            "Văn phòng - Thanh tra Sở căn cứ vào chế độ hiện hành lập dự toán kinh phí hoạt "
            "động của Ban; tham mưu, đề xuất với Ban Giám đốc Sở hỗ trợ kinh phí phục vụ các nội "
            "dung hoạt động bình đẳng giới trong cơ quan.",
            tasks=(
                TaskSpec(
                    "Văn phòng - Thanh tra Sở căn cứ vào chế độ hiện hành lập dự toán kinh phí "
                    "hoạt động của Ban; tham mưu, đề xuất với Ban Giám đốc Sở hỗ trợ kinh phí "
                    "phục vụ các nội dung hoạt động bình đẳng giới trong cơ quan.",
                    lead_unit=VPTT,
                    lead_agency="HT-SNGV-VPTT",
                ),
            ),
        ),
        SectionSpec(
            P.ORGANIZATION,
            "3",
            "Các phòng chuyên môn, đơn vị thuộc Sở căn cứ Kế hoạch này để lồng ghép vào chương "
            "trình nhiệm vụ công tác hàng năm; bố trí, phân công công việc cho cán bộ, công "
            "chức, viên chức nữ một cách hợp lý, đảm bảo phát huy vai trò và hiệu quả công tác.",
            tasks=(
                TaskSpec(
                    "Các phòng chuyên môn, đơn vị thuộc Sở căn cứ Kế hoạch này để lồng ghép vào "
                    "chương trình nhiệm vụ công tác hàng năm; bố trí, phân công công việc cho "
                    "cán bộ, công chức, viên chức nữ một cách hợp lý, đảm bảo phát huy vai trò "
                    "và hiệu quả công tác.",
                    lead_unit="Các phòng chuyên môn, đơn vị thuộc Sở",
                    recurrence=R.YEARLY,
                ),
            ),
        ),
    ),
    duties=tuple(
        DutySpec(
            kind,
            "Ban Vì sự tiến bộ phụ nữ tỉnh, Chi bộ, Ban Giám đốc Sở",
            note="Mục IV.1: “Hàng năm, tiến hành sơ kết, tổng kết báo cáo kết quả thực hiện cho "
            "Ban Vì sự tiến bộ phụ nữ tỉnh, Chi bộ, Ban Giám đốc Sở.” Kế hoạch không ghi hạn "
            "nộp.",
        )
        for kind in (ReportingDuty.Kind.MID_YEAR, ReportingDuty.Kind.ANNUAL)
    ),
)

# ------------------------------- seed 002: Sở Ngoại vụ, tháng hành động 15/11–15/12/2020

NQ26 = (
    "Trích mục tiêu của Nghị quyết số 26-NQ/TW ngày 19/5/2018 của Ban Chấp hành Trung ương mà "
    "kế hoạch dẫn lại (truyền thông hướng đến bầu cử), không phải chỉ tiêu riêng của Sở."
)
NQ26_DEPUTIES = (
    f"{NQ26} Một câu cho cả đại biểu Quốc hội và đại biểu HĐND: tách thành hai chỉ tiêu để đo "
    "riêng từng loại đại biểu."
)

SNGV_ACTION_MONTH_2020 = PlanSpec(
    key="HT-SNGV-2020-thang-hanh-dong",
    agency="HT-SNGV",
    kind=Plan.Kind.CAMPAIGN,
    symbol="KH-SNgV",
    title="Tháng hành động vì bình đẳng giới, phòng và chống bạo lực trên cơ sở giới năm 2020 "
    "(từ ngày 15/11/2020-15/12/2020)",
    period_start=2020,
    period_end=2020,
    campaign_start=datetime.date(2020, 11, 15),
    campaign_end=datetime.date(2020, 12, 15),
    parent_reference="Thực hiện Kế hoạch số 218/KH-UBND ngày 8/10/2020 của Uỷ ban nhân dân tỉnh "
    "về tổ chức tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm "
    "2020 (từ ngày 15/11- 15/12/2020), Sở Ngoại vụ xây dựng kế hoạch tháng hành động vì bình "
    "đẳng giới, phòng và chống bạo lực trên cơ sở giới năm 2020 tại đơn vị như sau:",
    closing="Trên đây là Kế hoạch thực hiện tháng hành động vì bình đẳng giới và phòng, chống "
    "bạo lực trên cơ sở giới năm 2020 (từ ngày 15/11- 15/12/2020) của Sở Ngoại vụ, đề nghị toàn "
    "thể công chức, viên chức nghiêm túc thực hiện./.",
    recipients=(
        "- UBND tỉnh (để b/c);",
        "- Sở LĐTB&XH (để theo dõi);",
        "- Các Phòng, TTDVĐN, Công đoàn, Chi đoàn;",
        "- Website Sở;",
        "- Lưu: VT, H.",
    ),
    targets=(
        TargetSpec(
            D.CHINH_TRI,
            "Phải có cán bộ nữ trong cơ cấu Ban Thường vụ cấp ủy và tổ chức đảng các cấp.",
            K.QUALITATIVE,
            unit="",
            note=NQ26,
        ),
        TargetSpec(
            D.CHINH_TRI,
            "Tỷ lệ nữ cấp ủy viên các cấp đạt từ 20-25%",
            K.RANGE,
            C.RANGE,
            {None: (20, 25)},
            indicator=IC.TY_LE_NU_CAP_UY,
            note=NQ26,
        ),
        TargetSpec(
            D.CHINH_TRI,
            "tỷ lệ nữ đại biểu Quốc hội, HĐND các cấp đạt trên 35%",
            K.THRESHOLD,
            C.GT,
            {None: 35},
            indicator=IC.TY_LE_NU_DBQH,
            note=NQ26_DEPUTIES,
        ),
        TargetSpec(
            D.CHINH_TRI,
            "tỷ lệ nữ đại biểu Quốc hội, HĐND các cấp đạt trên 35%",
            K.THRESHOLD,
            C.GT,
            {None: 35},
            indicator=IC.TY_LE_NU_DAI_BIEU_HDND,
            note=NQ26_DEPUTIES,
        ),
    ),
    sections=(
        SectionSpec(
            P.CONTENT,
            "1",
            "Đẩy mạnh truyền thông vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới.",
            (
                "- Tăng cường các hoạt động truyền thông về bình đẳng giới trong lĩnh vực đối "
                "ngoại, hướng đến Đại hội Đảng toàn quốc lần thứ XIII nhiệm kỳ 2020-2025, bầu cử "
                "Quốc hội khóa XV và Hội đồng nhân dân các cấp nhiệm kỳ 2021-2026, đảm bảo mục "
                "tiêu: “Phải có cán bộ nữ trong cơ cấu Ban Thường vụ cấp ủy và tổ chức đảng các "
                "cấp. Tỷ lệ nữ cấp ủy viên các cấp đạt từ 20-25%; tỷ lệ nữ đại biểu Quốc hội, "
                "HĐND các cấp đạt trên 35%” của Nghị quyết số 26-NQ/TW ngày 19/5/2018 của Ban "
                "Chấp hành Trung ương về tập trung xây dựng đội ngũ cán bộ các cấp, nhất là cấp "
                "chiến lược, đủ phẩm chất, năng lực và uy tín, ngang tầm nhiệm vụ.",
                "- Phối hợp tuyên truyền và triển khai thực hiện những nội dung mới về bình đẳng "
                "giới trong Bộ luật Lao động năm 2019 (như: giảm khoảng cách giới đối với tuổi "
                "nghỉ hưu từ 5 năm xuống còn 02 năm; xóa bỏ các điều khoản phân biệt giới ở nơi "
                "làm việc; tăng cường các quy định nghỉ thai sản và chăm sóc trẻ em để nam giới "
                "và phụ nữ cân bằng trách nhiệm…).",
                "- Truyền thông trong cộng đồng về bình đẳng giới nhằm ngăn chặn, giảm thiểu tình "
                "trạng bạo lực trên cơ sở giới, đặc biệt là bạo lực đối với phụ nữ và trẻ em. Chú "
                "trọng tăng cường truyền thông trong tháng hành động phòng, chống bạo lực gia "
                "đình (tháng 6) và tháng hành động vì bình đẳng giới và phòng chống bạo lực trên "
                "cơ sở giới (từ 15/11-15/12).",
            ),
            (
                TaskSpec(
                    "Tăng cường các hoạt động truyền thông về bình đẳng giới trong lĩnh vực đối "
                    "ngoại, hướng đến Đại hội Đảng toàn quốc lần thứ XIII nhiệm kỳ 2020-2025, "
                    "bầu cử Quốc hội khóa XV và Hội đồng nhân dân các cấp nhiệm kỳ 2021-2026, "
                    "đảm bảo mục tiêu: “Phải có cán bộ nữ trong cơ cấu Ban Thường vụ cấp ủy và "
                    "tổ chức đảng các cấp. Tỷ lệ nữ cấp ủy viên các cấp đạt từ 20-25%; tỷ lệ nữ "
                    "đại biểu Quốc hội, HĐND các cấp đạt trên 35%” của Nghị quyết số 26-NQ/TW "
                    "ngày 19/5/2018 của Ban Chấp hành Trung ương về tập trung xây dựng đội ngũ "
                    "cán bộ các cấp, nhất là cấp chiến lược, đủ phẩm chất, năng lực và uy tín, "
                    "ngang tầm nhiệm vụ.",
                ),
                TaskSpec(
                    "Phối hợp tuyên truyền và triển khai thực hiện những nội dung mới về bình "
                    "đẳng giới trong Bộ luật Lao động năm 2019 (như: giảm khoảng cách giới đối "
                    "với tuổi nghỉ hưu từ 5 năm xuống còn 02 năm; xóa bỏ các điều khoản phân "
                    "biệt giới ở nơi làm việc; tăng cường các quy định nghỉ thai sản và chăm sóc "
                    "trẻ em để nam giới và phụ nữ cân bằng trách nhiệm…).",
                ),
                TaskSpec(
                    "Truyền thông trong cộng đồng về bình đẳng giới nhằm ngăn chặn, giảm thiểu "
                    "tình trạng bạo lực trên cơ sở giới, đặc biệt là bạo lực đối với phụ nữ và "
                    "trẻ em. Chú trọng tăng cường truyền thông trong tháng hành động phòng, "
                    "chống bạo lực gia đình (tháng 6) và tháng hành động vì bình đẳng giới và "
                    "phòng chống bạo lực trên cơ sở giới (từ 15/11-15/12).",
                    recurrence=R.DATED,
                    schedule="tháng 6; 15/11–15/12",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "2",
            "Nâng cao năng lực, hiệu quả quản lý nhà nước vì bình đẳng giới, phòng và chống bạo "
            "lực trên cơ sở giới",
            (
                "- Cử nhân sự tham gia các lớp tập huấn bồi dưỡng kỹ năng cho nữ cán bộ lãnh "
                "đạo, quản lý trong diện quy hoạch các chức danh lãnh đạo, quản lý; các lớp tập "
                "huấn bồi dưỡng nghiệp vụ, nâng cao năng lực cho đội ngũ làm công tác vì bình "
                "đẳng giới và phòng chống bạo lực trên cơ sở giới do cấp trên tổ chức.",
                "- Thường xuyên theo dõi, đôn đốc, kiểm tra việc hoạt động của Ban Nữ công của "
                "Công đoàn; tình hình triển khai chính sách, pháp luật liên quan đến vì bình đẳng "
                "giới và phòng chống bạo lực trên cơ sở giới; công tác cán bộ nữ.",
            ),
            (
                TaskSpec(
                    "Cử nhân sự tham gia các lớp tập huấn bồi dưỡng kỹ năng cho nữ cán bộ lãnh "
                    "đạo, quản lý trong diện quy hoạch các chức danh lãnh đạo, quản lý; các lớp "
                    "tập huấn bồi dưỡng nghiệp vụ, nâng cao năng lực cho đội ngũ làm công tác vì "
                    "bình đẳng giới và phòng chống bạo lực trên cơ sở giới do cấp trên tổ chức.",
                ),
                TaskSpec(
                    "Thường xuyên theo dõi, đôn đốc, kiểm tra việc hoạt động của Ban Nữ công của "
                    "Công đoàn; tình hình triển khai chính sách, pháp luật liên quan đến vì bình "
                    "đẳng giới và phòng chống bạo lực trên cơ sở giới; công tác cán bộ nữ.",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "3",
            "Tham gia phối hợp liên ngành thực hiện các hoạt động vì bình đẳng giới và phòng "
            "chống bạo lực trên cơ sở giới",
            (
                "- Phối hợp công tác thống kê, báo cáo số liệu có tách biệt theo giới tính trong "
                "các lĩnh vực được phân công hoặc theo yêu cầu của cơ quan có thẩm quyền.",
                "- Phối hợp tham mưu ban hành các chính sách ưu tiên cho cán bộ, công chức và "
                "người lao động là nữ phù hợp với đặc thù của ngành và của địa phương.",
                "- Tiếp tục phối hợp thực hiện có hiệu quả các hoạt động liên ngành về bình đẳng "
                "giới và phòng chống bạo lực trên cơ sở giới theo kế hoạch.",
                "- Tham gia đoàn Kiểm tra liên ngành về hoạt động bình đẳng giới và VSTBCPN tại "
                "các cơ quan, địa phương…khi được điều động.",
                "- Bảo đảm chế độ báo cáo định kỳ hoạt động bình đẳng giới và vì sự tiến bộ của "
                "phụ nữ trước 10/6 đối với báo cáo sơ kết và trước 10/12 đối với báo cáo tổng "
                "kết năm 2020 gửi Sở Lao động-Thương binh và Xã hội để tổng hợp.",
            ),
            (
                TaskSpec(
                    "Phối hợp công tác thống kê, báo cáo số liệu có tách biệt theo giới tính "
                    "trong các lĩnh vực được phân công hoặc theo yêu cầu của cơ quan có thẩm "
                    "quyền.",
                ),
                TaskSpec(
                    "Phối hợp tham mưu ban hành các chính sách ưu tiên cho cán bộ, công chức và "
                    "người lao động là nữ phù hợp với đặc thù của ngành và của địa phương.",
                ),
                TaskSpec(
                    "Tiếp tục phối hợp thực hiện có hiệu quả các hoạt động liên ngành về bình "
                    "đẳng giới và phòng chống bạo lực trên cơ sở giới theo kế hoạch.",
                ),
                TaskSpec(
                    "Tham gia đoàn Kiểm tra liên ngành về hoạt động bình đẳng giới và VSTBCPN "
                    "tại các cơ quan, địa phương…khi được điều động.",
                ),
                TaskSpec(
                    "Bảo đảm chế độ báo cáo định kỳ hoạt động bình đẳng giới và vì sự tiến bộ "
                    "của phụ nữ trước 10/6 đối với báo cáo sơ kết và trước 10/12 đối với báo cáo "
                    "tổng kết năm 2020 gửi Sở Lao động-Thương binh và Xã hội để tổng hợp.",
                    recurrence=R.DATED,
                    schedule="trước 10/6; trước 10/12",
                ),
            ),
        ),
        SectionSpec(
            P.ORGANIZATION,
            "4",
            "Tổ chức thực hiện",
            (
                "- Kế hoạch này được triển khai đến toàn thể CCVC và NLĐ nắm, thực hiện.",
                "Ban Giám đốc, lãnh đạo các phòng chuyên môn, đơn vị sự nghiệp thuộc Sở xác định "
                "rõ mục tiêu, nhiệm vụ và trách nhiệm của mình, tập trung chỉ đạo thực hiện tốt "
                "kế hoạch này này.",
                "- Giao Văn phòng Sở tổ chức triển khai thực hiện kế hoạch, theo dõi, giám sát và "
                "báo cáo kết quả thực hiện theo quy định.",
            ),
            (
                TaskSpec(
                    "Kế hoạch này được triển khai đến toàn thể CCVC và NLĐ nắm, thực hiện.",
                ),
                TaskSpec(
                    "Ban Giám đốc, lãnh đạo các phòng chuyên môn, đơn vị sự nghiệp thuộc Sở xác "
                    "định rõ mục tiêu, nhiệm vụ và trách nhiệm của mình, tập trung chỉ đạo thực "
                    "hiện tốt kế hoạch này này.",
                    lead_unit="Ban Giám đốc, lãnh đạo các phòng chuyên môn, đơn vị sự nghiệp "
                    "thuộc Sở",
                ),
                TaskSpec(
                    "Giao Văn phòng Sở tổ chức triển khai thực hiện kế hoạch, theo dõi, giám sát "
                    "và báo cáo kết quả thực hiện theo quy định.",
                    # Not linked to the system's "Văn phòng - Thanh tra Sở": the 2020 text
                    # names "Văn phòng Sở", and the two need not be the same unit.
                    lead_unit="Văn phòng Sở",
                ),
            ),
        ),
    ),
    duties=(
        DutySpec(
            ReportingDuty.Kind.MID_YEAR,
            "Sở Lao động-Thương binh và Xã hội",
            10,
            6,
            "“trước 10/6 đối với báo cáo sơ kết” (mục 3).",
        ),
        DutySpec(
            ReportingDuty.Kind.ANNUAL,
            "Sở Lao động-Thương binh và Xã hội",
            10,
            12,
            "“trước 10/12 đối với báo cáo tổng kết năm 2020” (mục 3).",
        ),
    ),
)

# --------------------------------------------- seed 003: Sở KH&ĐT Lạng Sơn, năm 2022

BAN_LS = "Ban Vì sự tiến bộ của phụ nữ"

LS_SKHDT_2022 = PlanSpec(
    key="LS-SKHDT-2022",
    agency="LS-SKHDT",
    kind=Plan.Kind.ANNUAL,
    symbol="KH-SKHĐT",
    title="Triển khai thực hiện công tác bình đẳng giới và hoạt động vì sự tiến bộ của phụ nữ "
    "năm 2022",
    period_start=2022,
    period_end=2022,
    parent_reference="Thực hiện Kế hoạch số 62/KH-UBND ngày 23/3/2022 của UBND tỉnh thực hiện "
    "công tác Bình đẳng giới năm 2022 trên địa bàn tỉnh Lạng Sơn; Kế hoạch số 120/KH-UBND ngày "
    "26/5/2021 của UBND tỉnh về thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn "
    "2021-2025; số 48/KH-UBND ngày 01/3/2021 của UBND tỉnh về thực hiện Chương trình phòng "
    "ngừa và ứng phó với bạo lực trên cơ sở giới giai đoạn 2021- 2025; số 47/KH-UBND ngày "
    "02/3/2022 về triển khai Chương trình truyền thông bình đẳng giới trên địa bàn tỉnh Lạng Sơn "
    "đến năm 2030; Sở Kế hoạch và Đầu tư xây dựng Kế hoạch triển khai cụ thể, như sau:",
    purpose=(
        "Tiếp tục tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy Đảng, lãnh đạo cơ quan, đoàn "
        "thể trong thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ; nâng cao hiệu "
        "quả quản lý Nhà nước đối với công tác bình đẳng giới và hoạt động vì sự tiến bộ của "
        "phụ nữ.",
        "Đẩy mạnh công tác tuyên truyền, phổ biến và vận động công chức, viên chức thực hiện "
        "chủ trương, chính sách của Đảng, pháp luật của Nhà nước và của tỉnh liên quan đến bình "
        "đẳng giới và vì sự tiến bộ của phụ nữ trong các lĩnh vực của đời sống xã hội.",
    ),
    requirements=(
        "Nâng cao trách nhiệm và tăng cường sự phối hợp của các cơ quan, đơn vị; các đoàn thể "
        "trong việc thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ và lồng ghép "
        "giới trong kế hoạch công tác của đơn vị.",
        "Đẩy mạnh việc thực hiện hoạt động bình đẳng giới; lồng ghép các hoạt động khác để bố "
        "trí kinh phí, nhân lực thực hiện kế hoạch này có hiệu quả tại đơn vị; tăng cường kiểm "
        "tra, đôn đốc việc triển khai thực hiện.",
    ),
    closing="Trên đây là Kế hoạch triển khai công tác bình đẳng giới và hoạt động vì sự tiến bộ "
    "của phụ nữ năm 2022 của Sở Kế hoạch và Đầu tư./.",
    recipients=(
        "- Sở LĐTB&XH;",
        "- Lãnh đạo Sở;",
        "- Các phòng, đơn vị thuộc Sở;",
        "- Ban VSTPCPN Sở;",
        "- Lưu: VT, VP.",
    ),
    signer_authority="KT. GIÁM ĐỐC",
    signer_title="PHÓ GIÁM ĐỐC",
    signer_name="Hà Mạnh Cường",
    sections=(
        SectionSpec(P.CONTENT, "II", "NỘI DUNG THỰC HIỆN"),
        SectionSpec(
            P.CONTENT,
            "1",
            "Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2025, "
            "Chương trình phòng ngừa và ứng phó với bạo lực trên cơ sở giới giai đoạn 2021- "
            "2025, Chương trình truyền thông về bình đẳng giới đến năm 2030",
            (
                "- Tiếp tục tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy Đảng về tuyên truyền "
                "thực hiện chính sách, pháp luật, chương trình về bình đẳng giới, vì sự tiến bộ "
                "của phụ nữ: Luật Bình đẳng giới; Bộ luật Lao động, đặc biệt quan tâm đến nội "
                "dung mới về bình đẳng giới; Luật Phòng, chống bạo lực gia đình; Chỉ thị số "
                "21-CT/TW ngày 20/01/2018 của Ban Bí thư về tiếp tục đẩy mạnh công tác phụ nữ "
                "trong tình hình mới; Chiến lược quốc gia về bình đẳng giới giai đoạn 2021- "
                "2030; các Chương trình, đề án, dự án về bình đẳng giới, phòng ngừa và ứng phó "
                "với bạo lực trên cơ sở giới giai đoạn 2021-2025; các văn bản chỉ đạo của tỉnh "
                "liên quan đến công tác bình đẳng giới, vì sự tiến bộ của phụ nữ.",
                "- Tiếp tục triển khai có hiệu quả các nội dung tại các Kế hoạch: số "
                "120/KH-UBND, số 48/KH-UBND, số 47/KH-UBND của UBND tỉnh; thực hiện các nhiệm "
                "vụ giải pháp, gắn việc thực hiện các chỉ tiêu của Chiến lược, Chương trình với "
                "việc thực hiện nhiệm vụ chuyên môn cơ quan.",
                "- Tiếp tục tuyên truyền về Luật Bình đẳng giới; Bộ luật Lao động (sửa đổi) năm "
                "2019, đặc biệt nội dung mới về bình đẳng giới, Luật Phòng chống bạo lực gia "
                "đình; Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư về tiếp tục đẩy mạnh "
                "công tác phụ nữ trong tình hình mới.",
            ),
            (
                TaskSpec(
                    "Tiếp tục tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy Đảng về tuyên "
                    "truyền thực hiện chính sách, pháp luật, chương trình về bình đẳng giới, vì "
                    "sự tiến bộ của phụ nữ: Luật Bình đẳng giới; Bộ luật Lao động, đặc biệt quan "
                    "tâm đến nội dung mới về bình đẳng giới; Luật Phòng, chống bạo lực gia đình; "
                    "Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư về tiếp tục đẩy mạnh "
                    "công tác phụ nữ trong tình hình mới; Chiến lược quốc gia về bình đẳng giới "
                    "giai đoạn 2021- 2030; các Chương trình, đề án, dự án về bình đẳng giới, "
                    "phòng ngừa và ứng phó với bạo lực trên cơ sở giới giai đoạn 2021-2025; các "
                    "văn bản chỉ đạo của tỉnh liên quan đến công tác bình đẳng giới, vì sự tiến "
                    "bộ của phụ nữ.",
                ),
                TaskSpec(
                    "Tiếp tục triển khai có hiệu quả các nội dung tại các Kế hoạch: số "
                    "120/KH-UBND, số 48/KH-UBND, số 47/KH-UBND của UBND tỉnh; thực hiện các "
                    "nhiệm vụ giải pháp, gắn việc thực hiện các chỉ tiêu của Chiến lược, Chương "
                    "trình với việc thực hiện nhiệm vụ chuyên môn cơ quan.",
                ),
                TaskSpec(
                    "Tiếp tục tuyên truyền về Luật Bình đẳng giới; Bộ luật Lao động (sửa đổi) "
                    "năm 2019, đặc biệt nội dung mới về bình đẳng giới, Luật Phòng chống bạo lực "
                    "gia đình; Chỉ thị số 21-CT/TW, ngày 20/01/2018 của Ban Bí thư về tiếp tục "
                    "đẩy mạnh công tác phụ nữ trong tình hình mới.",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "2",
            "Đẩy mạnh truyền thông, tuyên truyền, phổ biến, giáo dục chính sách, pháp luật về "
            "bình đẳng giới",
            (
                "- Đẩy mạnh các hoạt động tuyên truyền, nâng cao nhận thức về bình đẳng giới "
                "nhằm ngăn chặn, giảm thiểu tình trạng bạo lực trên cơ sở giới, nhất là bạo lực "
                "đối với phụ nữ và trẻ em, lồng ghép các hoạt động tuyên truyền phổ biến chính "
                "sách, pháp luật về bình đẳng giới trong các hoạt động chuyên môn của cơ quan, "
                "đơn vị. Tuyên truyền, nhân rộng những điển hình tốt, người có uy tín, ảnh hưởng "
                "tích cực tại cộng đồng trong thực hiện bình đẳng giới; triển khai các hoạt động "
                "thu hút sự tham gia của nam giới trong thực hiện bình đẳng giới.",
                "- Tăng cường đa dạng hóa các loại hình truyền thông, nâng cao nhận thức chuyển "
                "đổi hành vi về bình đẳng giới, quan tâm đến việc tiếp cận của các nhóm người yếu "
                "thế trong xã hội, người khuyết tật nặng; tăng cường tuyên truyền giới thiệu về "
                "các mô hình dịch vụ hỗ trợ thực hiện bình đẳng giới tại cơ quan, đơn vị; nhân "
                "rộng những điển hình tốt, người có uy tín, ảnh hưởng tích cực tại cộng đồng và "
                "thu hút sự tham gia của nam giới trong thực hiện bình đẳng giới; tích cực đấu "
                "tranh, phản bác những thông tin sai lệnh về bình đẳng giới của Việt Nam.",
                "- Triển khai Tháng hành động quốc gia về phòng chống bạo lực gia đình (tháng "
                "6/2022), Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực "
                "trên cơ sở giới năm 2022 (từ ngày 15/11 đến 15/12/2022) với tinh thần hiệu quả, "
                "sáng tạo, có sức lan tỏa và phù hợp với điều kiện thực tế tại cơ quan.",
            ),
            (
                TaskSpec(
                    "Đẩy mạnh các hoạt động tuyên truyền, nâng cao nhận thức về bình đẳng giới "
                    "nhằm ngăn chặn, giảm thiểu tình trạng bạo lực trên cơ sở giới, nhất là bạo "
                    "lực đối với phụ nữ và trẻ em, lồng ghép các hoạt động tuyên truyền phổ biến "
                    "chính sách, pháp luật về bình đẳng giới trong các hoạt động chuyên môn của "
                    "cơ quan, đơn vị. Tuyên truyền, nhân rộng những điển hình tốt, người có uy "
                    "tín, ảnh hưởng tích cực tại cộng đồng trong thực hiện bình đẳng giới; triển "
                    "khai các hoạt động thu hút sự tham gia của nam giới trong thực hiện bình "
                    "đẳng giới.",
                ),
                TaskSpec(
                    "Tăng cường đa dạng hóa các loại hình truyền thông, nâng cao nhận thức "
                    "chuyển đổi hành vi về bình đẳng giới, quan tâm đến việc tiếp cận của các "
                    "nhóm người yếu thế trong xã hội, người khuyết tật nặng; tăng cường tuyên "
                    "truyền giới thiệu về các mô hình dịch vụ hỗ trợ thực hiện bình đẳng giới "
                    "tại cơ quan, đơn vị; nhân rộng những điển hình tốt, người có uy tín, ảnh "
                    "hưởng tích cực tại cộng đồng và thu hút sự tham gia của nam giới trong thực "
                    "hiện bình đẳng giới; tích cực đấu tranh, phản bác những thông tin sai lệnh "
                    "về bình đẳng giới của Việt Nam.",
                ),
                TaskSpec(
                    "Triển khai Tháng hành động quốc gia về phòng chống bạo lực gia đình (tháng "
                    "6/2022), Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo "
                    "lực trên cơ sở giới năm 2022 (từ ngày 15/11 đến 15/12/2022) với tinh thần "
                    "hiệu quả, sáng tạo, có sức lan tỏa và phù hợp với điều kiện thực tế tại cơ "
                    "quan.",
                    recurrence=R.DATED,
                    schedule="tháng 6/2022; 15/11–15/12/2022",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "3",
            "Nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới và công tác vì sự "
            "tiến bộ của phụ nữ",
        ),
        SectionSpec(
            P.CONTENT,
            "a",
            "Tăng cường công tác quy hoạch, tạo nguồn công chức, viên chức nữ bảo đảm mục tiêu "
            "bình đẳng giới",
            (
                "Tiến hành rà soát, điều chỉnh, bổ sung quy hoạch cán bộ trong đó chú trọng đến "
                "nguồn nữ công chức, viên chức để đưa vào quy hoạch các chức vụ, chức danh lãnh "
                "đạo, quản lý các cấp tại cơ quan, đơn vị bảo đảm tỷ lệ theo quy định. Chú trọng "
                "đến công tác đào tạo, bồi dưỡng cho đội ngũ nữ công chức, viên chức, đặc biệt là "
                "nữ trong diện quy hoạch để bảo đảm đủ điều kiện, tiêu chuẩn theo quy định.",
            ),
            (
                TaskSpec(
                    "Tiến hành rà soát, điều chỉnh, bổ sung quy hoạch cán bộ trong đó chú trọng "
                    "đến nguồn nữ công chức, viên chức để đưa vào quy hoạch các chức vụ, chức "
                    "danh lãnh đạo, quản lý các cấp tại cơ quan, đơn vị bảo đảm tỷ lệ theo quy "
                    "định. Chú trọng đến công tác đào tạo, bồi dưỡng cho đội ngũ nữ công chức, "
                    "viên chức, đặc biệt là nữ trong diện quy hoạch để bảo đảm đủ điều kiện, "
                    "tiêu chuẩn theo quy định.",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "b",
            "Bảo đảm bình đẳng giới trong bố trí, sử dụng công chức, viên chức",
            (
                "- Người đứng đầu cơ quan, đơn vị sử dụng công chức, viên chức có trách nhiệm bố "
                "trí, phân công công tác đối với nữ công chức, viên chức bảo đảm đúng quy định, "
                "không phân biệt đối xử giữa nam và nữ ở cùng chức vụ, chức danh, vị trí việc "
                "làm, trừ những công việc quy định phụ nữ không được làm.",
                "- Thực hiện kiện toàn, sắp xếp, bổ nhiệm các chức vụ, chức danh lãnh đạo, quản "
                "lý các cấp bảo đảm tỷ lệ nữ nhằm thực hiện các mục tiêu quốc gia về bình đẳng "
                "giới; ưu tiên lựa chọn nữ có đủ điều kiện, tiêu chuẩn theo quy định và trong quy "
                "hoạch chức vụ, chức danh đó.",
                "- Bố trí, tạo điều kiện, cơ hội để nữ công chức, viên chức của Sở được tham gia "
                "đào tạo, bồi dưỡng nâng cao trình độ chuyên môn, nghiệp vụ, lý luận chính trị, "
                "quản lý hành chính nhà nước, ngoại ngữ, tin học... đáp ứng yêu cầu của vị trí "
                "việc làm, tiêu chuẩn ngạch công chức, chức danh nghề nghiệp viên chức và yêu "
                "cầu, tiêu chuẩn của chức vụ, chức danh đảm nhiệm.",
                "- Nâng cao năng lực đội ngũ nữ công chức, viên chức đáp ứng yêu cầu thời kỳ đẩy "
                "mạnh công nghiệp hóa, hiện đại hóa và hội nhập quốc tế.",
            ),
            (
                TaskSpec(
                    "Người đứng đầu cơ quan, đơn vị sử dụng công chức, viên chức có trách nhiệm "
                    "bố trí, phân công công tác đối với nữ công chức, viên chức bảo đảm đúng quy "
                    "định, không phân biệt đối xử giữa nam và nữ ở cùng chức vụ, chức danh, vị "
                    "trí việc làm, trừ những công việc quy định phụ nữ không được làm.",
                    lead_unit="Người đứng đầu cơ quan, đơn vị sử dụng công chức, viên chức",
                ),
                TaskSpec(
                    "Thực hiện kiện toàn, sắp xếp, bổ nhiệm các chức vụ, chức danh lãnh đạo, "
                    "quản lý các cấp bảo đảm tỷ lệ nữ nhằm thực hiện các mục tiêu quốc gia về "
                    "bình đẳng giới; ưu tiên lựa chọn nữ có đủ điều kiện, tiêu chuẩn theo quy "
                    "định và trong quy hoạch chức vụ, chức danh đó.",
                ),
                TaskSpec(
                    "Bố trí, tạo điều kiện, cơ hội để nữ công chức, viên chức của Sở được tham "
                    "gia đào tạo, bồi dưỡng nâng cao trình độ chuyên môn, nghiệp vụ, lý luận "
                    "chính trị, quản lý hành chính nhà nước, ngoại ngữ, tin học... đáp ứng yêu "
                    "cầu của vị trí việc làm, tiêu chuẩn ngạch công chức, chức danh nghề nghiệp "
                    "viên chức và yêu cầu, tiêu chuẩn của chức vụ, chức danh đảm nhiệm.",
                ),
                TaskSpec(
                    "Nâng cao năng lực đội ngũ nữ công chức, viên chức đáp ứng yêu cầu thời kỳ "
                    "đẩy mạnh công nghiệp hóa, hiện đại hóa và hội nhập quốc tế.",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "4",
            "Tăng cường hoạt động của Ban vì sự tiến bộ của phụ nữ",
            (
                "- Rà soát kiện toàn kịp thời Ban vì sự tiến bộ của phụ nữ Sở khi có sự thay đổi "
                "và duy trì hoạt động của Ban vì sự tiến bộ của phụ nữ theo quy chế đã đề ra.",
                "- Thực hiện nghiêm túc chế độ thông tin, báo cáo về công tác bình đẳng giới và "
                "vì sự tiến bộ của phụ nữ; kịp thời xác minh, báo cáo những vấn đề, vụ việc đột "
                "xuất liên quan đến công tác bình đẳng giới và vì sự tiến bộ của phụ nữ cho cơ "
                "quan nhà nước có thẩm quyền, UBND các cấp để phối hợp giải quyết.",
                "- Tham gia tập huấn,bồi dưỡng nghiệp vụ công tác bình đẳng giới và phòng ngừa, "
                "ứng phó với bạo lực trên cơ sở giới, công tác vì sự tiến bộ của phụ nữ cho đội "
                "ngũ cán bộ làm công tác bình đẳng giới và vì sự tiến bộ phụ nữ của cơ quan.",
                "- Tổ chức ngày Quốc tế Phụ nữ (8/3), ngày Phụ nữ Việt Nam (20/10), đặc biệt "
                "trong Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên "
                "cơ sở giới (từ ngày 15/11 đến ngày 15/12).",
            ),
            (
                TaskSpec(
                    "Rà soát kiện toàn kịp thời Ban vì sự tiến bộ của phụ nữ Sở khi có sự thay "
                    "đổi và duy trì hoạt động của Ban vì sự tiến bộ của phụ nữ theo quy chế đã "
                    "đề ra.",
                ),
                TaskSpec(
                    "Thực hiện nghiêm túc chế độ thông tin, báo cáo về công tác bình đẳng giới "
                    "và vì sự tiến bộ của phụ nữ; kịp thời xác minh, báo cáo những vấn đề, vụ "
                    "việc đột xuất liên quan đến công tác bình đẳng giới và vì sự tiến bộ của "
                    "phụ nữ cho cơ quan nhà nước có thẩm quyền, UBND các cấp để phối hợp giải "
                    "quyết.",
                ),
                TaskSpec(
                    "Tham gia tập huấn,bồi dưỡng nghiệp vụ công tác bình đẳng giới và phòng "
                    "ngừa, ứng phó với bạo lực trên cơ sở giới, công tác vì sự tiến bộ của phụ "
                    "nữ cho đội ngũ cán bộ làm công tác bình đẳng giới và vì sự tiến bộ phụ nữ "
                    "của cơ quan.",
                ),
                TaskSpec(
                    "Tổ chức ngày Quốc tế Phụ nữ (8/3), ngày Phụ nữ Việt Nam (20/10), đặc biệt "
                    "trong Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực "
                    "trên cơ sở giới (từ ngày 15/11 đến ngày 15/12).",
                    recurrence=R.DATED,
                    schedule="08/3; 20/10; 15/11–15/12",
                ),
            ),
        ),
        SectionSpec(
            P.CONTENT,
            "5",
            "Công tác kiểm tra hoạt động vì sự tiến bộ của phụ nữ",
            (
                "Lồng ghép các cuộc kiểm tra tiến hành kiểm tra, giám sát việc tổ chức triển "
                "khai thực hiện Kế hoạch công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm "
                "2022 của đơn vị. Kiểm tra việc thực hiện công tác quy hoạch, tạo nguồn, bố trí, "
                "sử dụng, đào tạo, bồi dưỡng, bổ nhiệm, nâng ngạch, nâng bậc, thăng hạng ...đối "
                "với nữ công chức, viên chức tại cơ quan, đơn vị thuộc thẩm quyền quản lý.",
            ),
            (
                TaskSpec(
                    "Lồng ghép các cuộc kiểm tra tiến hành kiểm tra, giám sát việc tổ chức triển "
                    "khai thực hiện Kế hoạch công tác bình đẳng giới và vì sự tiến bộ của phụ nữ "
                    "năm 2022 của đơn vị. Kiểm tra việc thực hiện công tác quy hoạch, tạo nguồn, "
                    "bố trí, sử dụng, đào tạo, bồi dưỡng, bổ nhiệm, nâng ngạch, nâng bậc, thăng "
                    "hạng ...đối với nữ công chức, viên chức tại cơ quan, đơn vị thuộc thẩm "
                    "quyền quản lý.",
                ),
            ),
        ),
        SectionSpec(P.ORGANIZATION, "III", "TỔ CHỨC THỰC HIỆN"),
        SectionSpec(
            P.ORGANIZATION,
            "1",
            "Ban Vì sự tiến bộ của phụ nữ chịu trách nhiệm tổ chức triển khai thực hiện có hiệu "
            "quả kế hoạch hoạt động công tác bình đẳng giới và hoạt động vì sự tiến bộ của phụ nữ "
            "năm 2022 theo kế hoạch đề ra.",
            (
                "- Phối hợp với Ban Thanh tra nhân dân thực hiện tốt công tác kiểm tra, giám sát "
                "việc thực hiện chế độ, chính sách và quyền lợi, nghĩa vụ của nữ công chức, viên "
                "chức và người lao động đảm bảo đúng quy định hiện hành.",
                "- Báo cáo kết quả thực hiện định kỳ về Ban vì sự tiến bộ phụ nữ tỉnh theo quy "
                "định.",
            ),
            (
                TaskSpec(
                    "Ban Vì sự tiến bộ của phụ nữ chịu trách nhiệm tổ chức triển khai thực hiện "
                    "có hiệu quả kế hoạch hoạt động công tác bình đẳng giới và hoạt động vì sự "
                    "tiến bộ của phụ nữ năm 2022 theo kế hoạch đề ra.",
                    lead_unit=BAN_LS,
                ),
                TaskSpec(
                    "Phối hợp với Ban Thanh tra nhân dân thực hiện tốt công tác kiểm tra, giám "
                    "sát việc thực hiện chế độ, chính sách và quyền lợi, nghĩa vụ của nữ công "
                    "chức, viên chức và người lao động đảm bảo đúng quy định hiện hành.",
                    lead_unit=BAN_LS,
                    cooperating_units="Ban Thanh tra nhân dân",
                ),
                TaskSpec(
                    "Báo cáo kết quả thực hiện định kỳ về Ban vì sự tiến bộ phụ nữ tỉnh theo quy "
                    "định.",
                    lead_unit=BAN_LS,
                ),
            ),
        ),
        SectionSpec(
            P.ORGANIZATION,
            "2",
            "Các phòng, đơn vị",
            (
                "Triển khai thực hiện các nội dung theo Kế hoạch; tạo mọi điều kiện thuận lợi để "
                "thực hiện có hiệu quả các quyền cơ bản và phát huy vai trò của phụ nữ trên mọi "
                "lĩnh vực hoạt động của đơn vị.",
            ),
            (
                TaskSpec(
                    "Triển khai thực hiện các nội dung theo Kế hoạch; tạo mọi điều kiện thuận "
                    "lợi để thực hiện có hiệu quả các quyền cơ bản và phát huy vai trò của phụ "
                    "nữ trên mọi lĩnh vực hoạt động của đơn vị.",
                    lead_unit="Các phòng, đơn vị",
                ),
            ),
        ),
    ),
    duties=(
        DutySpec(
            ReportingDuty.Kind.OTHER,
            "Ban vì sự tiến bộ phụ nữ tỉnh",
            note="Mục III.1: “Báo cáo kết quả thực hiện định kỳ về Ban vì sự tiến bộ phụ nữ tỉnh "
            "theo quy định.” Kế hoạch không ghi loại báo cáo và hạn nộp.",
        ),
    ),
)

# Parents before children: a child names its parent by key.
PLANS: tuple[PlanSpec, ...] = (HT_298, SNGV_2021_2030, SNGV_ACTION_MONTH_2020, LS_SKHDT_2022)


# ------------------------------------------------------------------------------ loading


def _sync[M: Model](model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Create the row, or update it only where it differs: re-seeding an unchanged demo
    writes nothing, so it adds no history records and keeps primary keys (reports point at
    tasks and targets)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    else:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return obj
        for name, value in changed.items():
            setattr(obj, name, value)
    # SQLite does not enforce max_length; PostgreSQL does. Check the fields here so a
    # too-long value fails on every database (the constraints the database checks itself).
    obj.clean_fields()
    obj.save()
    return obj


def _load_plan(spec: PlanSpec, agencies: dict[str, Agency], parents: dict[str, Plan]) -> Plan:
    agency = agencies[spec.agency]
    plan = _sync(
        Plan,
        {
            "agency": agency,
            "kind": spec.kind,
            "period_start": spec.period_start,
            "title": spec.title,
        },
        {
            "status": Plan.Status.ISSUED,
            "number": spec.number,
            "symbol": spec.symbol,
            "place": spec.place,
            "issued_on": spec.issued_on,
            "period_end": spec.period_end,
            "campaign_start": spec.campaign_start,
            "campaign_end": spec.campaign_end,
            "parent": parents[spec.parent] if spec.parent else None,
            "parent_reference": spec.parent_reference,
            "legal_bases": "",
            "purpose": "\n".join(spec.purpose),
            "requirements": "\n".join(spec.requirements),
            "general_objective": spec.general_objective,
            "closing": spec.closing,
            "recipients": "\n".join(spec.recipients),
            "signer_authority": spec.signer_authority,
            "signer_title": spec.signer_title,
            "signer_name": spec.signer_name,
        },
    )

    domains = {d.code: d for d in Domain.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}

    for order, t in enumerate(spec.targets, start=1):
        target = _sync(
            Target,
            {"plan": plan, "order": order},
            {
                "domain": domains[t.domain],
                "wording": t.wording,
                "kind": t.kind,
                "comparator": t.comparator,
                "indicator": indicators[t.indicator] if t.indicator else None,
                "unit": t.unit,
                "per_period": "",
                "maintain_until": t.maintain_until,
                "baseline_year": None,
                "baseline_value": None,
                "note": t.note,
            },
        )
        for year, value in t.milestones.items():
            low, high = value if isinstance(value, tuple) else (value, None)
            _sync(
                Milestone,
                {"target": target, "year": year},
                {
                    "value": Decimal(low),
                    "value_high": Decimal(high) if high is not None else None,
                },
            )
        for milestone in target.milestones.all():
            if milestone.year not in t.milestones:
                milestone.delete()
    for stale in plan.targets.filter(order__gt=len(spec.targets)):
        stale.delete()

    task_order = 0
    for order, s in enumerate(spec.sections, start=1):
        section = _sync(
            PlanSection,
            {"plan": plan, "order": order},
            {
                "part": s.part,
                "number": s.number,
                "heading": s.heading,
                "body": "\n".join(s.body),
            },
        )
        for t in s.tasks:
            task_order += 1
            _sync(
                Task,
                {"plan": plan, "order": task_order},
                {
                    "section": section,
                    "description": t.description,
                    "lead_unit": t.lead_unit,
                    "lead_agency": agencies[t.lead_agency] if t.lead_agency else None,
                    "cooperating_units": t.cooperating_units,
                    "recurrence": t.recurrence,
                    "due_date": None,
                    "schedule": t.schedule,
                },
            )
    for stale in plan.tasks.filter(order__gt=task_order):
        stale.delete()
    for stale in plan.sections.filter(order__gt=len(spec.sections)):
        stale.delete()

    kept = []
    for d in spec.duties:
        duty = _sync(
            ReportingDuty,
            {"plan": plan, "kind": d.kind, "recipient": d.recipient},
            {"deadline_day": d.day, "deadline_month": d.month, "note": d.note},
        )
        kept.append(duty.pk)
    for stale in plan.reporting_duties.exclude(pk__in=kept):
        stale.delete()
    return plan


@transaction.atomic
def seed_plans(agencies: dict[str, Agency]) -> list[Plan]:
    """Load the demo plans for the agencies made by `plans.demo.seed_agencies`.

    Each plan is found again by its natural key (agency, kind, first year, title) and its
    parts by their position, so running this twice changes nothing."""
    # The catalogue normally comes from the data migration; a database set up without
    # migrations (or flushed by a transactional test) still gets the codes the targets
    # need. Existing rows are left as the administrator edited them.
    load_catalogue(Domain, DataElement, Indicator, overwrite=False)
    loaded: dict[str, Plan] = {}
    for spec in PLANS:
        loaded[spec.key] = _load_plan(spec, agencies, loaded)
    return list(loaded.values())
