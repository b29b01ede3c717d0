"""The indicator catalogue as data: the six domains of the national strategy, the figures
agencies report (data elements) and the measures computed from them (indicators).

This module is plain Python on purpose: the data migration `0002_catalogue` imports it
and loads it with the migration's historical models, and other code refers to the codes
through `DomainCode`, `ElementCode` and `IndicatorCode` (aliases `D`, `E`, `IC`) instead
of repeating string literals. After the migration the catalogue lives in the database and
the administrator edits it there; changing this file changes nothing in an existing
database unless a new data migration loads it again (`load_catalogue` updates rows by
code, so that is safe to do).

Reporting windows (Nghị định 09/2019/NĐ-CP on administrative reporting): a year's figures
run from 15/12 of the year before to 14/12; a half-year's from 15/12 to 14/6. Stock
figures are counted on the window's last day, flows over the whole window — every help
text says which, because "how many women leaders" means nothing without a date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

# --------------------------------------------------------------------------- the codes


class DomainCode:
    """Domain codes (lĩnh vực of Nghị quyết 28/NQ-CP)."""

    CHINH_TRI: Final = "chinh-tri"
    KINH_TE: Final = "kinh-te"
    GIA_DINH: Final = "gia-dinh"
    Y_TE: Final = "y-te"
    GIAO_DUC: Final = "giao-duc"
    TRUYEN_THONG: Final = "truyen-thong"


class ElementCode:
    """Data element codes."""

    # 1. chính trị
    LANH_DAO_QUAN_LY: Final = "lanh-dao-quan-ly"
    QUY_HOACH_LANH_DAO: Final = "quy-hoach-lanh-dao"
    CAP_UY_VIEN: Final = "cap-uy-vien"
    DANG_VIEN: Final = "dang-vien"
    KET_NAP_DANG: Final = "ket-nap-dang"
    CO_QUAN_LANH_DAO_NU: Final = "co-quan-lanh-dao-nu"
    DON_VI_TRUC_THUOC: Final = "don-vi-truc-thuoc"
    DAI_BIEU_QUOC_HOI: Final = "dai-bieu-quoc-hoi"
    DAI_BIEU_HDND: Final = "dai-bieu-hdnd"
    # 2. kinh tế, lao động
    CBCCVC: Final = "cbccvc"
    BO_TRI_PHU_HOP: Final = "bo-tri-phu-hop"
    TUYEN_DUNG: Final = "tuyen-dung"
    CHUYEN_VIEN_CHINH: Final = "chuyen-vien-chinh"
    LAO_DONG_CO_VIEC_LAM: Final = "lao-dong-co-viec-lam"
    LAO_DONG_HUONG_LUONG: Final = "lao-dong-huong-luong"
    LAO_DONG_NONG_NGHIEP: Final = "lao-dong-nong-nghiep"
    CHU_DOANH_NGHIEP: Final = "chu-doanh-nghiep"
    # 3. gia đình, bạo lực trên cơ sở giới
    VU_BAO_LUC_GIA_DINH: Final = "vu-bao-luc-gia-dinh"
    # 4. y tế
    KHAM_SUC_KHOE: Final = "kham-suc-khoe"
    KHAM_THAI: Final = "kham-thai"
    NAO_PHA_THAI: Final = "nao-pha-thai"
    # 5. giáo dục, đào tạo
    BOI_DUONG: Final = "boi-duong"
    NGOAI_NGU: Final = "ngoai-ngu"
    TAP_HUAN_BINH_DANG_GIOI: Final = "tap-huan-binh-dang-gioi"
    # 6. thông tin, truyền thông
    HOAT_DONG_TRUYEN_THONG: Final = "hoat-dong-truyen-thong"
    BAI_VIET: Final = "bai-viet"


class IndicatorCode:
    """Indicator codes."""

    # 1. chính trị
    TY_LE_NU_LANH_DAO: Final = "ty-le-nu-lanh-dao"
    TY_LE_NU_QUY_HOACH: Final = "ty-le-nu-quy-hoach"
    TY_LE_NU_CAP_UY: Final = "ty-le-nu-cap-uy"
    TY_LE_NU_CBCCVC_LA_DANG_VIEN: Final = "ty-le-nu-cbccvc-la-dang-vien"
    TY_LE_NU_KET_NAP_DANG: Final = "ty-le-nu-ket-nap-dang"
    TY_LE_CO_QUAN_LANH_DAO_NU: Final = "ty-le-co-quan-lanh-dao-nu"
    TY_LE_DON_VI_LANH_DAO_NU: Final = "ty-le-don-vi-lanh-dao-nu"
    TY_LE_NU_DBQH: Final = "ty-le-nu-dbqh"
    TY_LE_NU_DAI_BIEU_HDND: Final = "ty-le-nu-dai-bieu-hdnd"
    # 2. kinh tế, lao động
    TY_LE_NU_CBCCVC: Final = "ty-le-nu-cbccvc"
    TY_LE_NU_BO_TRI_PHU_HOP: Final = "ty-le-nu-bo-tri-phu-hop"
    TY_LE_NU_TUYEN_DUNG: Final = "ty-le-nu-tuyen-dung"
    TY_LE_NU_CHUYEN_VIEN_CHINH: Final = "ty-le-nu-chuyen-vien-chinh"
    TY_LE_NU_LAM_CONG_HUONG_LUONG: Final = "ty-le-nu-lam-cong-huong-luong"
    TY_TRONG_NU_NONG_NGHIEP: Final = "ty-trong-nu-nong-nghiep"
    TY_LE_NU_CHU_DOANH_NGHIEP: Final = "ty-le-nu-chu-doanh-nghiep"
    # 3. gia đình, bạo lực trên cơ sở giới
    SO_VU_BAO_LUC_GIA_DINH: Final = "so-vu-bao-luc-gia-dinh"
    # 4. y tế
    TY_LE_NU_KHAM_SUC_KHOE: Final = "ty-le-nu-kham-suc-khoe"
    TY_LE_NGHI_KHAM_THAI: Final = "ty-le-nghi-kham-thai"
    TY_LE_NAO_PHA_THAI: Final = "ty-le-nao-pha-thai"
    # 5. giáo dục, đào tạo
    TY_LE_NU_DUOC_BOI_DUONG: Final = "ty-le-nu-duoc-boi-duong"
    TY_LE_NU_TRONG_SO_BOI_DUONG: Final = "ty-le-nu-trong-so-boi-duong"
    TY_LE_NU_NGOAI_NGU: Final = "ty-le-nu-ngoai-ngu"
    TY_LE_TAP_HUAN_BINH_DANG_GIOI: Final = "ty-le-tap-huan-binh-dang-gioi"
    # 6. thông tin, truyền thông
    SO_HOAT_DONG_TRUYEN_THONG: Final = "so-hoat-dong-truyen-thong"
    SO_BAI_VIET: Final = "so-bai-viet"


# Short aliases for the data below and for call sites that list many codes.
D = DomainCode
E = ElementCode
IC = IndicatorCode

# ------------------------------------------------------------------------ the shapes

# Plain strings, not the models' TextChoices: the migration must not import models.
SEX, COUNT, YESNO = "sex", "count", "yesno"
RATIO = "ratio"
TOTAL, WOMEN, VALUE, REPORTING = "total", "women", "value", "reporting"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class DomainSpec:
    code: str
    number: int
    name: str


@dataclass(frozen=True)
class ElementSpec:
    code: str
    domain: str
    name: str
    kind: str
    help_text: str
    unit: str = "người"
    total_label: str = "Tổng số"
    part_label: str = "Nữ"
    required: bool = True


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    domain: str
    name: str
    kind: str
    numerator: str
    numerator_part: str
    denominator: str | None = None
    denominator_part: str = ""
    direction: str = HIGHER
    unit: str = "%"
    help_text: str = ""


# Phrases every help text uses, so the dates read the same everywhere.
_AT_END = "tại ngày 14/12 của kỳ báo cáo năm (ngày 14/6 với báo cáo sơ kết 6 tháng)"
_IN_WINDOW = (
    "trong kỳ số liệu: từ ngày 15/12 năm trước đến ngày 14/12 (báo cáo năm) "
    "hoặc đến ngày 14/6 (báo cáo sơ kết 6 tháng)"
)
_SCOPE = "của toàn cơ quan, kể cả các phòng và đơn vị trực thuộc"
_PROVINCE_ONLY = (
    "Chỉ cơ quan thường trực Ban Vì sự tiến bộ của phụ nữ tỉnh nhập, cho toàn tỉnh; "
    "các sở, ngành, xã để trống."
)

# ------------------------------------------------------------------------- the data

DOMAINS: tuple[DomainSpec, ...] = (
    DomainSpec(D.CHINH_TRI, 1, "Chính trị"),
    DomainSpec(D.KINH_TE, 2, "Kinh tế, lao động"),
    DomainSpec(
        D.GIA_DINH,
        3,
        "Đời sống gia đình và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
    ),
    DomainSpec(D.Y_TE, 4, "Y tế"),
    DomainSpec(D.GIAO_DUC, 5, "Giáo dục, đào tạo"),
    DomainSpec(D.TRUYEN_THONG, 6, "Thông tin, truyền thông"),
)

ELEMENTS: tuple[ElementSpec, ...] = (
    # 1. Chính trị
    ElementSpec(
        E.LANH_DAO_QUAN_LY,
        D.CHINH_TRI,
        "Cán bộ giữ chức vụ lãnh đạo, quản lý",
        SEX,
        "Số người đang giữ chức vụ lãnh đạo, quản lý theo quyết định bổ nhiệm còn hiệu lực "
        f"{_AT_END}, {_SCOPE}: lãnh đạo cơ quan (giám đốc, phó giám đốc sở và tương đương), "
        "trưởng phòng, phó trưởng phòng và tương đương, người đứng đầu và cấp phó của đơn vị "
        "trực thuộc. Mỗi người chỉ tính một lần dù kiêm nhiều chức vụ. Không tính người chỉ "
        "được giao phụ trách, điều hành mà chưa có quyết định bổ nhiệm.",
        total_label="Số người giữ chức vụ lãnh đạo, quản lý",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.QUY_HOACH_LANH_DAO,
        D.CHINH_TRI,
        "Cán bộ trong diện quy hoạch lãnh đạo, quản lý",
        SEX,
        "Số người có tên trong quy hoạch các chức danh lãnh đạo, quản lý của cơ quan (cấp sở, "
        "cấp phòng và đơn vị trực thuộc) đã được cấp có thẩm quyền phê duyệt, còn hiệu lực "
        f"{_AT_END}. Mỗi người chỉ tính một lần dù được quy hoạch vào nhiều chức danh.",
        total_label="Số người trong diện quy hoạch",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.CAP_UY_VIEN,
        D.CHINH_TRI,
        "Cấp ủy viên",
        SEX,
        "Số ủy viên cấp ủy đương nhiệm của tổ chức đảng cơ sở của cơ quan (đảng ủy, chi ủy; "
        f"chi bộ không bầu chi ủy thì tính bí thư, phó bí thư) {_AT_END}. UBND cấp xã báo cáo "
        "cấp ủy của đảng bộ xã.",
        total_label="Số cấp ủy viên",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.DANG_VIEN,
        D.CHINH_TRI,
        "CBCCVC là đảng viên",
        SEX,
        "Số cán bộ, công chức, viên chức, người lao động (cùng phạm vi với số liệu CBCCVC) là "
        f"đảng viên Đảng Cộng sản Việt Nam, kể cả đảng viên dự bị, {_AT_END}.",
        total_label="Số CBCCVC là đảng viên",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.KET_NAP_DANG,
        D.CHINH_TRI,
        "CBCCVC được kết nạp Đảng trong kỳ",
        SEX,
        "Số CBCCVC của cơ quan được kết nạp vào Đảng, tính theo ngày ghi trong quyết định kết "
        f"nạp, {_IN_WINDOW}.",
        total_label="Số người được kết nạp Đảng",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.CO_QUAN_LANH_DAO_NU,
        D.CHINH_TRI,
        "Cơ quan có lãnh đạo chủ chốt là nữ",
        YESNO,
        f"Chọn Có nếu {_AT_END} người đứng đầu hoặc ít nhất một cấp phó của người đứng đầu cơ "
        "quan là nữ (với sở: giám đốc, phó giám đốc; với UBND cấp xã: chủ tịch, phó chủ tịch); "
        "chọn Không nếu không có ai. Chỉ xét lãnh đạo của chính cơ quan báo cáo, không xét "
        "các phòng, đơn vị trực thuộc (đã có số liệu riêng).",
        # Rolled up, the yes answers count agencies.
        unit="cơ quan",
    ),
    ElementSpec(
        E.DON_VI_TRUC_THUOC,
        D.CHINH_TRI,
        "Đơn vị trực thuộc có lãnh đạo chủ chốt là nữ",
        SEX,
        f"Ô thứ nhất: số phòng chuyên môn và đơn vị trực thuộc cơ quan {_AT_END}. Ô thứ hai: "
        "trong số đó, số đơn vị có người đứng đầu hoặc cấp phó của người đứng đầu là nữ. Đếm "
        "đơn vị, không đếm người: đơn vị có hai lãnh đạo nữ vẫn tính là một.",
        unit="đơn vị",
        total_label="Số đơn vị trực thuộc",
        part_label="Số đơn vị có lãnh đạo chủ chốt là nữ",
    ),
    ElementSpec(
        E.DAI_BIEU_QUOC_HOI,
        D.CHINH_TRI,
        "Đại biểu Quốc hội của Đoàn đại biểu Quốc hội tỉnh",
        SEX,
        f"{_PROVINCE_ONLY} Số đại biểu Quốc hội đang thực hiện nhiệm vụ trong Đoàn đại biểu "
        f"Quốc hội của tỉnh {_AT_END}, theo số liệu của Văn phòng Đoàn ĐBQH và HĐND tỉnh.",
        total_label="Số đại biểu Quốc hội",
        part_label="Trong đó nữ",
        required=False,
    ),
    ElementSpec(
        E.DAI_BIEU_HDND,
        D.CHINH_TRI,
        "Đại biểu Hội đồng nhân dân các cấp",
        SEX,
        f"{_PROVINCE_ONLY} Số đại biểu HĐND tỉnh và HĐND các xã, phường trên địa bàn đang thực "
        f"hiện nhiệm vụ {_AT_END}. Cộng cả các cấp; mỗi đại biểu tính một lần ở mỗi HĐND mà "
        "người đó là đại biểu.",
        total_label="Số đại biểu HĐND",
        part_label="Trong đó nữ",
        required=False,
    ),
    # 2. Kinh tế, lao động
    ElementSpec(
        E.CBCCVC,
        D.KINH_TE,
        "Cán bộ, công chức, viên chức, người lao động (CBCCVC)",
        SEX,
        "Tổng số cán bộ, công chức, viên chức và người lao động có mặt "
        f"{_AT_END}, {_SCOPE}; kể cả người làm việc theo hợp đồng lao động theo Nghị định số "
        "111/2022/NĐ-CP và người đang nghỉ thai sản, nghỉ ốm, đi học; không tính lao động thời "
        "vụ, người đã nghỉ hưu, thôi việc hoặc chuyển công tác trước ngày đó.",
        total_label="Tổng số CBCCVC",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.BO_TRI_PHU_HOP,
        D.KINH_TE,
        "CBCCVC được bố trí việc làm phù hợp với trình độ chuyên môn",
        SEX,
        f"Số CBCCVC (cùng phạm vi với số liệu CBCCVC) {_AT_END} đang làm vị trí việc làm có yêu "
        "cầu về trình độ, chuyên ngành đào tạo phù hợp với văn bằng của người đó, theo bản mô "
        "tả vị trí việc làm được phê duyệt.",
        total_label="Số người được bố trí phù hợp",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.TUYEN_DUNG,
        D.KINH_TE,
        "Người được tuyển dụng mới trong kỳ",
        SEX,
        "Số người được tuyển dụng vào công chức, viên chức hoặc ký hợp đồng lao động theo Nghị "
        "định số 111/2022/NĐ-CP với cơ quan, tính theo ngày có hiệu lực của quyết định tuyển "
        f"dụng (hoặc hợp đồng), {_IN_WINDOW}. Không tính người điều động giữa các phòng, đơn "
        "vị trong cơ quan.",
        total_label="Số người được tuyển dụng",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.CHUYEN_VIEN_CHINH,
        D.KINH_TE,
        "CBCCVC giữ ngạch chuyên viên chính và tương đương trở lên",
        SEX,
        "Số công chức giữ ngạch chuyên viên chính, chuyên viên cao cấp và tương đương, cộng số "
        f"viên chức giữ chức danh nghề nghiệp hạng II trở lên, {_AT_END}.",
        total_label="Số người giữ ngạch chuyên viên chính trở lên",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.LAO_DONG_CO_VIEC_LAM,
        D.KINH_TE,
        "Lao động có việc làm trên địa bàn tỉnh",
        SEX,
        f"{_PROVINCE_ONLY} Số lao động từ 15 tuổi trở lên có việc làm, bình quân năm, theo số "
        "liệu điều tra lao động - việc làm của cơ quan thống kê công bố cho năm báo cáo.",
        total_label="Số lao động có việc làm",
        part_label="Trong đó nữ",
        required=False,
    ),
    ElementSpec(
        E.LAO_DONG_HUONG_LUONG,
        D.KINH_TE,
        "Lao động làm công hưởng lương trên địa bàn tỉnh",
        SEX,
        f"{_PROVINCE_ONLY} Trong số lao động có việc làm (cùng nguồn, cùng thời điểm), số người "
        "làm công hưởng lương.",
        total_label="Số lao động làm công hưởng lương",
        part_label="Trong đó nữ",
        required=False,
    ),
    ElementSpec(
        E.LAO_DONG_NONG_NGHIEP,
        D.KINH_TE,
        "Lao động làm việc trong khu vực nông, lâm nghiệp và thủy sản",
        SEX,
        f"{_PROVINCE_ONLY} Trong số lao động có việc làm (cùng nguồn, cùng thời điểm), số người "
        "làm việc trong khu vực nông, lâm nghiệp và thủy sản.",
        total_label="Số lao động khu vực nông nghiệp",
        part_label="Trong đó nữ",
        required=False,
    ),
    ElementSpec(
        E.CHU_DOANH_NGHIEP,
        D.KINH_TE,
        "Giám đốc/chủ doanh nghiệp, hợp tác xã",
        SEX,
        f"{_PROVINCE_ONLY} Số doanh nghiệp, hợp tác xã đang hoạt động trên địa bàn {_AT_END}, "
        "đếm theo người giữ chức giám đốc (hoặc chủ doanh nghiệp tư nhân, giám đốc hợp tác xã) "
        "theo dữ liệu đăng ký doanh nghiệp, hợp tác xã: mỗi doanh nghiệp một người.",
        total_label="Số giám đốc/chủ doanh nghiệp, hợp tác xã",
        part_label="Trong đó nữ",
        required=False,
    ),
    # 3. Đời sống gia đình, bạo lực trên cơ sở giới
    ElementSpec(
        E.VU_BAO_LUC_GIA_DINH,
        D.GIA_DINH,
        "Vụ bạo lực gia đình có CBCCVC là người có hành vi bạo lực",
        COUNT,
        "Số vụ bạo lực gia đình mà người có hành vi bạo lực là CBCCVC của cơ quan, được phát "
        f"hiện {_IN_WINDOW}: đã có biên bản hoặc quyết định xử lý của cơ quan có thẩm quyền, "
        "hoặc thông tin đã được cơ quan xác minh là đúng. Mỗi vụ tính một lần dù có nhiều người "
        "bị bạo lực. Không có vụ nào thì ghi 0.",
        unit="vụ",
    ),
    # 4. Y tế
    ElementSpec(
        E.KHAM_SUC_KHOE,
        D.Y_TE,
        "CBCCVC được khám sức khỏe định kỳ",
        SEX,
        "Số CBCCVC được khám sức khỏe định kỳ do cơ quan tổ chức hoặc chi trả "
        f"{_IN_WINDOW}; mỗi người tính một lần. Với nữ, chỉ tính người được khám có khám "
        "chuyên khoa phụ sản (Luật An toàn, vệ sinh lao động yêu cầu khi khám định kỳ); người "
        "nữ được khám nhưng không khám phụ sản không tính vào cả hai ô.",
        total_label="Số người được khám sức khỏe định kỳ",
        part_label="Trong đó nữ (có khám phụ khoa)",
    ),
    ElementSpec(
        E.KHAM_THAI,
        D.Y_TE,
        "Nữ CBCCVC mang thai được nghỉ đi khám thai",
        SEX,
        f"Ô thứ nhất: số nữ CBCCVC sinh con {_IN_WINDOW} (tính theo thai kỳ đã kết thúc để mỗi "
        "người chỉ tính một lần). Ô thứ hai: trong số đó, người được cơ quan cho nghỉ đi khám "
        "thai mỗi lần có nhu cầu, đủ 5 lần theo chế độ thai sản của bảo hiểm xã hội, không bị "
        "từ chối lần nào.",
        total_label="Số nữ CBCCVC sinh con trong kỳ",
        part_label="Số người được nghỉ khám thai đủ 5 lần",
    ),
    ElementSpec(
        E.NAO_PHA_THAI,
        D.Y_TE,
        "Ca nạo, phá thai của nữ CBCCVC",
        COUNT,
        f"Số ca nạo, hút thai, phá thai của nữ CBCCVC {_IN_WINDOW}, theo giấy chứng nhận nghỉ "
        "việc hưởng bảo hiểm xã hội cơ quan đã nhận; không tính sẩy thai, thai chết lưu. Chỉ "
        "ghi con số tổng, không ghi tên hay thông tin nhận biết người nào. Số liệu nhạy cảm "
        "nên không bắt buộc.",
        unit="ca",
        required=False,
    ),
    # 5. Giáo dục, đào tạo
    ElementSpec(
        E.BOI_DUONG,
        D.GIAO_DUC,
        "CBCCVC được đào tạo, bồi dưỡng, tập huấn trong kỳ",
        SEX,
        "Số CBCCVC được cử đi hoặc tham gia ít nhất một khóa đào tạo, bồi dưỡng, tập huấn "
        "(chuyên môn nghiệp vụ, lý luận chính trị, quản lý nhà nước, tin học, ngoại ngữ, kỹ "
        f"năng…) có kết thúc {_IN_WINDOW}. Mỗi người chỉ tính một lần dù học nhiều khóa.",
        total_label="Số người được đào tạo, bồi dưỡng",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.NGOAI_NGU,
        D.GIAO_DUC,
        "CBCCVC giao tiếp được ít nhất một ngoại ngữ",
        SEX,
        f"Số CBCCVC {_AT_END} có văn bằng, chứng chỉ ngoại ngữ từ bậc 3 (B1) trở lên theo Khung "
        "năng lực ngoại ngữ 6 bậc dùng cho Việt Nam hoặc tương đương, hoặc có bằng đại học trở "
        "lên chuyên ngành ngoại ngữ hay học bằng ngoại ngữ. Quy ước: “giao tiếp được” là từ "
        "bậc 3. Mỗi người tính một lần dù biết nhiều ngoại ngữ.",
        total_label="Số người giao tiếp được ngoại ngữ",
        part_label="Trong đó nữ",
    ),
    ElementSpec(
        E.TAP_HUAN_BINH_DANG_GIOI,
        D.GIAO_DUC,
        "CBCCVC được tập huấn, quán triệt về bình đẳng giới",
        SEX,
        "Số CBCCVC tham dự ít nhất một lớp tập huấn hoặc hội nghị quán triệt có nội dung về "
        "bình đẳng giới, lồng ghép giới hoặc phòng ngừa, ứng phó với bạo lực trên cơ sở giới "
        f"{_IN_WINDOW}. Mỗi người tính một lần.",
        total_label="Số người được tập huấn",
        part_label="Trong đó nữ",
    ),
    # 6. Thông tin, truyền thông
    ElementSpec(
        E.HOAT_DONG_TRUYEN_THONG,
        D.TRUYEN_THONG,
        "Hoạt động truyền thông về bình đẳng giới",
        COUNT,
        "Số hoạt động truyền thông về bình đẳng giới, vì sự tiến bộ của phụ nữ, phòng ngừa, ứng "
        f"phó với bạo lực trên cơ sở giới do cơ quan tổ chức hoặc chủ trì {_IN_WINDOW}: hội "
        "nghị, tọa đàm, hội thảo, cuộc thi, sinh hoạt chuyên đề, lớp tập huấn, mít tinh; treo "
        "băng rôn, khẩu hiệu tính mỗi đợt một hoạt động. Không tính tin, bài trên trang thông "
        "tin điện tử (có số liệu riêng). Mỗi hoạt động ghi chi tiết ở phần hoạt động của báo "
        "cáo.",
        unit="hoạt động",
    ),
    ElementSpec(
        E.BAI_VIET,
        D.TRUYEN_THONG,
        "Tin, bài về bình đẳng giới trên trang thông tin điện tử của cơ quan",
        COUNT,
        "Số tin, bài về bình đẳng giới, vì sự tiến bộ của phụ nữ, phòng ngừa, ứng phó với bạo "
        "lực trên cơ sở giới đăng trên trang (cổng) thông tin điện tử của cơ quan, tính theo "
        f"ngày đăng {_IN_WINDOW}. Bài đăng lại hoặc cập nhật tính một lần.",
        unit="bài",
    ),
)

INDICATORS: tuple[IndicatorSpec, ...] = (
    # 1. Chính trị
    IndicatorSpec(
        IC.TY_LE_NU_LANH_DAO,
        D.CHINH_TRI,
        "Tỷ lệ nữ trong số cán bộ giữ chức vụ lãnh đạo, quản lý",
        RATIO,
        E.LANH_DAO_QUAN_LY,
        WOMEN,
        E.LANH_DAO_QUAN_LY,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NU_QUY_HOACH,
        D.CHINH_TRI,
        "Tỷ lệ nữ trong diện quy hoạch lãnh đạo, quản lý",
        RATIO,
        E.QUY_HOACH_LANH_DAO,
        WOMEN,
        E.QUY_HOACH_LANH_DAO,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NU_CAP_UY,
        D.CHINH_TRI,
        "Tỷ lệ nữ cấp ủy viên",
        RATIO,
        E.CAP_UY_VIEN,
        WOMEN,
        E.CAP_UY_VIEN,
        TOTAL,
        help_text="Nữ cấp ủy viên / tổng số cấp ủy viên × 100.",
    ),
    IndicatorSpec(
        IC.TY_LE_NU_CBCCVC_LA_DANG_VIEN,
        D.CHINH_TRI,
        "Tỷ lệ nữ CBCCVC là đảng viên (đã được kết nạp Đảng)",
        RATIO,
        E.DANG_VIEN,
        WOMEN,
        E.CBCCVC,
        WOMEN,
        help_text="Nữ CBCCVC là đảng viên / tổng số nữ CBCCVC × 100: đo chỉ tiêu dạng "
        "“100% nữ CBCCVC được kết nạp Đảng”.",
    ),
    IndicatorSpec(
        IC.TY_LE_NU_KET_NAP_DANG,
        D.CHINH_TRI,
        "Tỷ lệ nữ trong số người được kết nạp Đảng trong kỳ",
        RATIO,
        E.KET_NAP_DANG,
        WOMEN,
        E.KET_NAP_DANG,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_CO_QUAN_LANH_DAO_NU,
        D.CHINH_TRI,
        "Tỷ lệ cơ quan, chính quyền địa phương có lãnh đạo chủ chốt là nữ",
        RATIO,
        E.CO_QUAN_LANH_DAO_NU,
        VALUE,
        E.CO_QUAN_LANH_DAO_NU,
        REPORTING,
        help_text="Số cơ quan trả lời Có / số cơ quan có báo cáo × 100. Chỉ có nghĩa khi cộng "
        "nhiều cơ quan (cấp tỉnh); với một cơ quan là 0 hoặc 100.",
    ),
    IndicatorSpec(
        IC.TY_LE_DON_VI_LANH_DAO_NU,
        D.CHINH_TRI,
        "Tỷ lệ đơn vị trực thuộc có lãnh đạo chủ chốt là nữ",
        RATIO,
        E.DON_VI_TRUC_THUOC,
        WOMEN,
        E.DON_VI_TRUC_THUOC,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NU_DBQH,
        D.CHINH_TRI,
        "Tỷ lệ nữ đại biểu Quốc hội",
        RATIO,
        E.DAI_BIEU_QUOC_HOI,
        WOMEN,
        E.DAI_BIEU_QUOC_HOI,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NU_DAI_BIEU_HDND,
        D.CHINH_TRI,
        "Tỷ lệ nữ đại biểu Hội đồng nhân dân các cấp",
        RATIO,
        E.DAI_BIEU_HDND,
        WOMEN,
        E.DAI_BIEU_HDND,
        TOTAL,
    ),
    # 2. Kinh tế, lao động
    IndicatorSpec(
        IC.TY_LE_NU_CBCCVC,
        D.KINH_TE,
        "Tỷ lệ nữ trong tổng số CBCCVC",
        RATIO,
        E.CBCCVC,
        WOMEN,
        E.CBCCVC,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NU_BO_TRI_PHU_HOP,
        D.KINH_TE,
        "Tỷ lệ nữ CBCCVC được bố trí việc làm phù hợp với trình độ chuyên môn",
        RATIO,
        E.BO_TRI_PHU_HOP,
        WOMEN,
        E.CBCCVC,
        WOMEN,
        help_text="Nữ được bố trí phù hợp / tổng số nữ CBCCVC × 100.",
    ),
    IndicatorSpec(
        IC.TY_LE_NU_TUYEN_DUNG,
        D.KINH_TE,
        "Tỷ lệ nữ trong số người được tuyển dụng mới",
        RATIO,
        E.TUYEN_DUNG,
        WOMEN,
        E.TUYEN_DUNG,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NU_CHUYEN_VIEN_CHINH,
        D.KINH_TE,
        "Tỷ lệ nữ trong số người giữ ngạch chuyên viên chính trở lên",
        RATIO,
        E.CHUYEN_VIEN_CHINH,
        WOMEN,
        E.CHUYEN_VIEN_CHINH,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NU_LAM_CONG_HUONG_LUONG,
        D.KINH_TE,
        "Tỷ lệ lao động nữ làm công hưởng lương",
        RATIO,
        E.LAO_DONG_HUONG_LUONG,
        WOMEN,
        E.LAO_DONG_CO_VIEC_LAM,
        WOMEN,
        help_text="Lao động nữ làm công hưởng lương / tổng số lao động nữ có việc làm × 100.",
    ),
    IndicatorSpec(
        IC.TY_TRONG_NU_NONG_NGHIEP,
        D.KINH_TE,
        "Tỷ trọng lao động nữ làm việc trong khu vực nông nghiệp",
        RATIO,
        E.LAO_DONG_NONG_NGHIEP,
        WOMEN,
        E.LAO_DONG_CO_VIEC_LAM,
        WOMEN,
        direction=LOWER,
        help_text="Lao động nữ khu vực nông, lâm nghiệp và thủy sản / tổng số lao động nữ có "
        "việc làm × 100.",
    ),
    IndicatorSpec(
        IC.TY_LE_NU_CHU_DOANH_NGHIEP,
        D.KINH_TE,
        "Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã",
        RATIO,
        E.CHU_DOANH_NGHIEP,
        WOMEN,
        E.CHU_DOANH_NGHIEP,
        TOTAL,
    ),
    # 3. Gia đình
    IndicatorSpec(
        IC.SO_VU_BAO_LUC_GIA_DINH,
        D.GIA_DINH,
        "Số vụ bạo lực gia đình có CBCCVC là người có hành vi bạo lực",
        COUNT,
        E.VU_BAO_LUC_GIA_DINH,
        VALUE,
        direction=LOWER,
        unit="vụ",
    ),
    # 4. Y tế
    IndicatorSpec(
        IC.TY_LE_NU_KHAM_SUC_KHOE,
        D.Y_TE,
        "Tỷ lệ nữ CBCCVC được khám sức khỏe định kỳ, khám phụ khoa",
        RATIO,
        E.KHAM_SUC_KHOE,
        WOMEN,
        E.CBCCVC,
        WOMEN,
        help_text="Nữ được khám định kỳ có khám phụ khoa / tổng số nữ CBCCVC × 100.",
    ),
    IndicatorSpec(
        IC.TY_LE_NGHI_KHAM_THAI,
        D.Y_TE,
        "Tỷ lệ nữ CBCCVC mang thai được nghỉ khám thai đủ 5 lần",
        RATIO,
        E.KHAM_THAI,
        WOMEN,
        E.KHAM_THAI,
        TOTAL,
    ),
    IndicatorSpec(
        IC.TY_LE_NAO_PHA_THAI,
        D.Y_TE,
        "Tỷ lệ nạo, phá thai trong nữ CBCCVC",
        RATIO,
        E.NAO_PHA_THAI,
        VALUE,
        E.CBCCVC,
        WOMEN,
        direction=LOWER,
        help_text="Số ca nạo, phá thai trong kỳ / tổng số nữ CBCCVC × 100 (số ca trên 100 nữ).",
    ),
    # 5. Giáo dục, đào tạo
    IndicatorSpec(
        IC.TY_LE_NU_DUOC_BOI_DUONG,
        D.GIAO_DUC,
        "Tỷ lệ nữ CBCCVC được đào tạo, bồi dưỡng trong kỳ",
        RATIO,
        E.BOI_DUONG,
        WOMEN,
        E.CBCCVC,
        WOMEN,
        help_text="Nữ được đào tạo, bồi dưỡng / tổng số nữ CBCCVC × 100: đo chỉ tiêu dạng "
        "“100% nữ CBCCVC được bồi dưỡng”.",
    ),
    IndicatorSpec(
        IC.TY_LE_NU_TRONG_SO_BOI_DUONG,
        D.GIAO_DUC,
        "Tỷ lệ nữ trong số CBCCVC được đào tạo, bồi dưỡng",
        RATIO,
        E.BOI_DUONG,
        WOMEN,
        E.BOI_DUONG,
        TOTAL,
        help_text="Nữ được đào tạo, bồi dưỡng / tổng số người được đào tạo, bồi dưỡng × 100.",
    ),
    IndicatorSpec(
        IC.TY_LE_NU_NGOAI_NGU,
        D.GIAO_DUC,
        "Tỷ lệ nữ CBCCVC giao tiếp được ít nhất một ngoại ngữ",
        RATIO,
        E.NGOAI_NGU,
        WOMEN,
        E.CBCCVC,
        WOMEN,
        help_text="Nữ giao tiếp được ngoại ngữ / tổng số nữ CBCCVC × 100.",
    ),
    IndicatorSpec(
        IC.TY_LE_TAP_HUAN_BINH_DANG_GIOI,
        D.GIAO_DUC,
        "Tỷ lệ CBCCVC được tập huấn, quán triệt về bình đẳng giới",
        RATIO,
        E.TAP_HUAN_BINH_DANG_GIOI,
        TOTAL,
        E.CBCCVC,
        TOTAL,
    ),
    # 6. Thông tin, truyền thông
    IndicatorSpec(
        IC.SO_HOAT_DONG_TRUYEN_THONG,
        D.TRUYEN_THONG,
        "Số hoạt động truyền thông về bình đẳng giới",
        COUNT,
        E.HOAT_DONG_TRUYEN_THONG,
        VALUE,
        unit="hoạt động",
    ),
    IndicatorSpec(
        IC.SO_BAI_VIET,
        D.TRUYEN_THONG,
        "Số tin, bài về bình đẳng giới trên trang thông tin điện tử",
        COUNT,
        E.BAI_VIET,
        VALUE,
        unit="bài",
    ),
)

DOMAINS_BY_CODE: Final[dict[str, DomainSpec]] = {d.code: d for d in DOMAINS}
ELEMENTS_BY_CODE: Final[dict[str, ElementSpec]] = {e.code: e for e in ELEMENTS}
INDICATORS_BY_CODE: Final[dict[str, IndicatorSpec]] = {i.code: i for i in INDICATORS}


# ---------------------------------------------------------------------------- loading


def _order(specs: Iterable[ElementSpec | IndicatorSpec]) -> dict[str, int]:
    """Order within a domain as listed here, in steps of 10 so the admin can slot rows in."""
    seen: dict[str, int] = {}
    out: dict[str, int] = {}
    for spec in specs:
        seen[spec.domain] = seen.get(spec.domain, 0) + 10
        out[spec.code] = seen[spec.domain]
    return out


def load_catalogue(
    domain_model: Any, element_model: Any, indicator_model: Any, *, overwrite: bool = True
) -> None:
    """Create or update every domain, element and indicator, matched by code.

    Takes the model classes so the migration can pass its historical models. With
    `overwrite=False` only missing rows are created and the administrator's edits are left
    alone (what the demo seeding wants)."""

    def put(model: Any, code: str, values: dict[str, Any]) -> Any:
        if overwrite:
            return model.objects.update_or_create(code=code, defaults=values)[0]
        return model.objects.get_or_create(code=code, defaults=values)[0]

    domains = {
        d.code: put(domain_model, d.code, {"number": d.number, "name": d.name}) for d in DOMAINS
    }
    element_order = _order(ELEMENTS)
    elements = {
        e.code: put(
            element_model,
            e.code,
            {
                "domain": domains[e.domain],
                "name": e.name,
                "kind": e.kind,
                "unit": e.unit,
                "help_text": e.help_text,
                "total_label": e.total_label,
                "part_label": e.part_label,
                "order": element_order[e.code],
                "required": e.required,
                "active": True,
            },
        )
        for e in ELEMENTS
    }
    indicator_order = _order(INDICATORS)
    for i in INDICATORS:
        put(
            indicator_model,
            i.code,
            {
                "domain": domains[i.domain],
                "name": i.name,
                "kind": i.kind,
                "numerator": elements[i.numerator],
                "numerator_part": i.numerator_part,
                "denominator": elements[i.denominator] if i.denominator else None,
                "denominator_part": i.denominator_part,
                "direction": i.direction,
                "unit": i.unit,
                "help_text": i.help_text,
                "order": indicator_order[i.code],
            },
        )
