"""The stable finding codes. A code never changes meaning; new checks get new codes.

Each code has one category (the contract's enum) and a default severity that follows the reviewers:
what they would send back is an error; what a person should still look at is a warning.
Messages are templates: {item} is the item's title, {file} the file; other fields come from the
finding's args. Every message says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol, get_args

# A finding's severity, highest first (the contract's enum).
Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
# The contract's categories: what kind of problem a code reports.
Category = Literal[
    "missing", "incomplete", "year-missing", "year-out-of-range", "blank-slot", "placeholder", "blank-page",
    "misfiled", "statement-missing", "seal-missing", "period-too-short", "date-invalid", "unreadable", "encrypted",
    "empty-file", "unsupported-format", "too-large", "low-quality", "duplicate", "unclassified", "invalid-id",
    "identity-mismatch", "ineligible", "needs-review", "profile-error",
]


@dataclass(frozen=True)
class Code:
    code: str
    category: Category
    severity: Severity
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str
    help_zh: str
    help_en: str


def _c(code: str, category: Category, severity: Severity, title_zh: str, title_en: str, message_zh: str,
       message_en: str, help_zh: str, help_en: str) -> Code:
    return Code(code, category, severity, title_zh, title_en, message_zh, message_en, help_zh, help_en)


_ALL = [
    # --- the applicant profile -------------------------------------------------------------
    _c("ZC001", "profile-error", "error", "申报信息缺失或无法读取", "profile missing or unreadable",
       "{detail}。请在申报材料文件夹中放入「申报信息.yaml」（可用 zccheck init 生成模板）并填写完整。",
       "{detail}. Put a filled-in 申报信息.yaml in the applicant folder (zccheck init writes a template).",
       "zccheck 依据申报信息判断哪些材料适用（如机关调动、援疆、职称取得地）。缺少时仍会检查，但无法判定的条目标为需人工核查。",
       "zccheck uses the profile to decide which materials apply. Without it the check still runs; undecidable items become needs-review."),
    _c("ZC002", "profile-error", "error", "申报信息填写有误", "invalid profile value",
       "申报信息中「{field}」的值「{value}」无效，可填：{valid}。请改正 {file}。",
       "Profile field {field} has the invalid value '{value}'; valid values: {valid}. Fix {file}.",
       "申报信息的取值必须是规则包列出的值之一。", "Profile values must be one of the values the rule pack lists."),
    _c("ZC003", "needs-review", "warning", "申报信息缺少字段，条目无法判定", "profile field missing: item undecided",
       "「{item}」是否需要提交取决于申报信息的「{field}」，但该字段未填写。请在申报信息.yaml 中填写「{field}」。",
       "Whether '{item}' is required depends on the profile field {field}, which is empty. Fill in {field} in 申报信息.yaml.",
       "条目的适用条件依赖申报信息；字段缺失时不猜测，请补充。", "Item conditions depend on the profile; a missing field is never guessed."),
    _c("ZC004", "profile-error", "warning", "申报信息未知字段", "unknown profile field",
       "申报信息 {file} 第 {line} 行的字段「{field}」不认识，可用字段：{valid}。",
       "Profile {file} line {line}: unknown field '{field}'; known fields: {valid}.",
       "字段名写错会导致信息被忽略；多写的字段（如性别、专业）不影响检查，只提醒核对拼写。",
       "A misspelt field would be silently ignored, so zccheck says so; extra fields (性别, 专业) do not affect the check."),
    # --- presence and parts -----------------------------------------------------------------
    _c("ZC101", "missing", "error", "缺少材料", "material missing",
       "缺少「{item}」（{clause}）：没有找到任何文件。{hint}请上传后再提交。",
       "'{item}' ({clause}) is missing: no file found. {hint}Upload it before submitting.",
       "规则包列出的每项适用材料都须上传；依据见 zccheck explain 所引通知原文。", "Every material the rule pack lists as applying must be uploaded; explain quotes the notice."),
    _c("ZC102", "incomplete", "error", "材料不完整（缺少部分）", "material incomplete",
       "「{item}」缺少：{parts}。{mode_text}请补充上传。",
       "'{item}' lacks: {parts}. {mode_text}Upload the missing part(s).",
       "部分材料由多个部分组成（如身份证正、反面；学历和学位证书；外省取得职称的三件材料）。",
       "Some materials have several parts (ID card front and back; diploma and degree; three title documents when obtained outside Xinjiang)."),
    _c("ZC103", "blank-slot", "error", "栏目为空", "empty upload slot",
       "栏目文件夹「{file}」（{item}）中没有可用的文件。请把「{item}」放入该文件夹。",
       "Slot folder '{file}' ({item}) holds no usable file. Put '{item}' into it.",
       "建立了栏目文件夹却未放入材料，等同于不传。", "An empty slot counts as not uploaded."),
    _c("ZC104", "misfiled", "error", "材料放错栏目", "file in the wrong slot",
       "文件 {file} 放在「{item}」栏目中，但内容是「{found}」。请移到「{found}」栏目（错传视为没有）。",
       "{file} sits in the '{item}' slot but is '{found}'. Move it to the '{found}' slot (a misfiled file counts as missing).",
       "放错栏目的文件不算作任何一项材料。", "A file in the wrong slot counts for no material."),
    _c("ZC105", "unclassified", "warning", "无法识别的文件", "unrecognised file",
       "文件 {file} 无法识别属于哪项材料{candidates}。请改用能说明内容的文件名（如「2019年度考核表.pdf」）或放入对应栏目文件夹。",
       "Cannot tell which material {file} is{candidates}. Rename it to say what it is (e.g. 2019年度考核表.pdf) or move it into the matching slot folder.",
       "文件按栏目文件夹、文件名、内容文字识别。", "Files are recognised by slot folder, file name and text."),
    _c("ZC106", "duplicate", "warning", "重复文件", "duplicate file",
       "文件 {file} 与 {other} 内容完全相同。请删除重复的一份，或换成应上传的其他材料。",
       "{file} has the same content as {other}. Remove one copy, or replace it with the material that belongs there.",
       "重复上传常常意味着另一份材料传错了。", "A duplicate often means another material was uploaded wrongly."),
    _c("ZC107", "unclassified", "info", "已忽略的系统文件", "ignored system file",
       "文件 {file} 是系统生成的文件，上传时请勿包含。", "{file} is an operating-system file; leave it out of the upload.",
       "如 Thumbs.db、.DS_Store、desktop.ini。", "Such as Thumbs.db, .DS_Store, desktop.ini."),
    _c("ZC111", "needs-review", "warning", "无法确定是哪项材料", "material undecided between items",
       "文件 {file} 的标题或名称同样符合{candidates}，zccheck 不作猜测。请确认它是哪项材料，并在文件名中写明（如「2019年度公需科目证书.jpg」）或放入对应栏目文件夹。",
       "{file} fits{candidates_en} equally by its title or name; zccheck does not guess. Check which material it is and say so in its name (e.g. 2019年度公需科目证书.jpg) or move it into that slot folder.",
       "规则包中几项材料的标题用语相同（如“继续教育证书”既可能是公需科目也可能是专业科目），而年度等信息也无法区分时，交由人工判断。",
       "When the rule pack's words for several items tie (a 继续教育 certificate may be public or professional) and nothing else separates them, a person decides."),
    # --- years ------------------------------------------------------------------------------
    _c("ZC201", "year-missing", "error", "缺少年度", "year missing",
       "「{item}」缺少 {years} 年度的材料（须提供 {required}）。请补充上传 {years} 年度的证书或表格。",
       "'{item}' lacks the year(s) {years} (required: {required}). Upload the certificate or form for {years}.",
       "规则包规定的每个年度各需一份证书或表格。", "Each year the rule pack requires needs its own certificate or form."),
    _c("ZC202", "year-out-of-range", "error", "年度不符", "wrong year",
       "文件 {file}（{item}）是 {years} 年度的，不在要求的 {required} 范围内。请换成要求年度的材料。",
       "{file} ('{item}') is for {years}, outside the required {required}. Replace it with the required year's material.",
       "年度不符的材料视为错传。", "A material for the wrong year counts as wrongly uploaded."),
    _c("ZC203", "needs-review", "warning", "无法确定年度", "year not determinable",
       "无法从文件 {file}（{item}）的名称或文字中确定年度。请在文件名中写明年度（如「2019年度」），或人工核对。",
       "Cannot tell the year of {file} ('{item}') from its name or text. Put the year in the file name (e.g. 2019年度) or check it by hand.",
       "年度从文件名和文字中识别。", "Years are read from file names and text."),
    _c("ZC204", "needs-review", "warning", "可能只有一面", "maybe one side only",
       "「{item}」{years} 年度只找到一页（{file}）。通知要求正、反面，请确认两面都已扫描上传。",
       "'{item}' for {years} has only one page ({file}). The notice asks for both sides; make sure both are uploaded.",
       "年度考核登记表须上传正、反面。", "The annual assessment form must be uploaded front and back."),
    _c("ZC205", "needs-review", "warning", "部分无法判定", "part not determinable",
       "无法判断「{item}」的文件是否包含：{parts}。请在文件名中写明（如「身份证反面.jpg」、「学位证.jpg」），或人工核对。",
       "Cannot tell whether the files of '{item}' include: {parts}. Name the files accordingly (e.g. 身份证反面.jpg, 学位证.jpg) or check by hand.",
       "部分（如正反面、学历/学位）从文件名和文字中识别；扫描件无文字时需 OCR 或人工核对。",
       "Parts are recognised from names and text; scans without text need OCR or a person."),
    # --- file health --------------------------------------------------------------------------
    _c("ZC301", "unreadable", "error", "文件无法打开", "unreadable file",
       "文件 {file} 无法打开（{detail}）。请重新扫描或导出后再上传。",
       "{file} cannot be opened ({detail}). Scan or export it again and re-upload.",
       "损坏的文件评审专家无法查看，视为没有。", "Reviewers cannot open a damaged file; it counts as missing."),
    _c("ZC302", "encrypted", "error", "文件有密码保护", "password-protected file",
       "文件 {file} 设置了密码或权限保护，评审专家无法打开。请去掉密码后重新导出 PDF。",
       "{file} is password-protected; reviewers cannot open it. Remove the password and export the PDF again.",
       "加密的 PDF 无法审阅。", "An encrypted PDF cannot be reviewed."),
    _c("ZC303", "empty-file", "error", "空文件", "empty file",
       "文件 {file} 大小为 0 字节。请重新复制或上传该文件。",
       "{file} is 0 bytes. Copy or upload it again.",
       "0 字节文件通常是复制或下载失败。", "A zero-byte file usually means a failed copy or download."),
    _c("ZC304", "unsupported-format", "error", "不支持的文件格式", "unsupported format",
       "文件 {file} 是 {kind} 格式，申报系统不接收。{advice}",
       "{file} is a {kind} file, which the upload system does not take. {advice}",
       "申报系统接收的格式由规则包规定（PDF、JPG、PNG）。", "The rule pack lists the formats the upload system takes (PDF, JPG, PNG)."),
    _c("ZC305", "too-large", "error", "文件过大", "file too large",
       "文件 {file} 大小 {size}，超过上限 {limit}。请压缩图片或降低扫描分辨率后再上传。",
       "{file} is {size}, over the {limit} limit. Compress it or scan at a lower resolution.",
       "上传系统限制单个文件大小。", "The upload system limits file size."),
    _c("ZC306", "low-quality", "warning", "扫描质量过低", "low scan quality",
       "文件 {file}（{item}）{detail}。请重新拍摄或以更高分辨率扫描。",
       "{file} ('{item}'): {detail}. Photograph or scan it again at a higher resolution.",
       "模糊、过小的扫描件评审专家无法辨认。", "Reviewers cannot read scans that are too small."),
    _c("ZC307", "unreadable", "error", "文件读取超时", "file timed out",
       "文件 {file} 在 {seconds} 秒内未能读完（timed out），可能已损坏。请重新导出后再上传。",
       "{file} could not be read within {seconds} s (timed out); it may be damaged. Export it again.",
       "单个文件的读取时间有上限，避免一个坏文件拖住整批检查。", "Each file has a time limit so one bad file cannot stall a batch."),
    _c("ZC308", "unreadable", "error", "无法访问的路径", "inaccessible path",
       "{file}：{detail}。请检查文件权限或链接。", "{file}: {detail}. Check the file's permissions or link.",
       "无权限读取的文件、指向文件夹外的链接不会被读取。", "Files without read permission and links leaving the folder are not read."),
    _c("ZC309", "unreadable", "error", "压缩包中的文件被拒绝", "archive member refused",
       "压缩包中的 {file} 未被读取：{detail}。请检查压缩包，改用普通文件夹或重新压缩。",
       "Archive member {file} was not read: {detail}. Check the archive, or re-create it.",
       "绝对路径、含 .. 的路径、加密或损坏的成员都不会被读取。", "Absolute or .. paths, encrypted or damaged members are never read."),
    _c("ZC310", "too-large", "error", "压缩包超出安全限制", "archive over the safety limits",
       "压缩包 {file} 未被读取：{detail}。请直接提交文件夹，或检查压缩包是否异常。",
       "Archive {file} was not read: {detail}. Submit a plain folder, or check the archive.",
       "成员过多、解压后过大或压缩比异常（疑似 zip 炸弹）的压缩包一律拒绝。",
       "Archives with too many members, too large when unpacked or with an absurd ratio (zip bombs) are refused."),
    # --- content (issue: read what is inside) -------------------------------------------------
    _c("ZC401", "placeholder", "error", "模板占位符未填写", "unfilled placeholder",
       "文件 {file}（{item}）第 {page} 页仍有模板占位符「{match}」：…{context}…。请填写实际内容后重新上传。",
       "{file} ('{item}') page {page} still holds the template placeholder '{match}': …{context}…. Fill it in and re-upload.",
       "附件1、附件2 的模板中 ××、×（高、中、初）、××××年××月××日 须替换为实际内容。",
       "The templates' ××, ×（高、中、初）, ××××年××月××日 must be replaced with real values."),
    _c("ZC402", "blank-page", "error", "空白页", "blank page",
       "文件 {file}（{item}）第 {page} 页是空白页。请删除空白页或重新扫描。",
       "{file} ('{item}') page {page} is blank. Remove it or scan again.",
       "空白页常常是扫描失败。", "A blank page is usually a failed scan."),
    _c("ZC403", "statement-missing", "error", "缺少规定表述", "prescribed wording missing",
       "文件 {file}（{item}）中没有通知规定的表述「{statement}」。请按通知原文填写审核意见。",
       "{file} ('{item}') lacks the wording the notice prescribes: '{statement}'. Write the audit opinion with exactly that sentence.",
       "文件须含规则包规定的表述（全角/半角标点、空白不计，容许少量 OCR 误差）。",
       "The document must hold the wording the rule pack prescribes (width, punctuation and whitespace aside; a little OCR noise tolerated)."),
    _c("ZC404", "period-too-short", "error", "公示期不足", "publicity period too short",
       "文件 {file}（{item}）的公示期 {start} 至 {end} 只有 {working_days} 个工作日，少于 {minimum} 个（已按法定节假日和调休计算）。请重新公示足够的工作日。",
       "{file} ('{item}'): the publicity from {start} to {end} has only {working_days} working days, fewer than {minimum} (official holidays and make-up workdays counted). Publicise again for long enough.",
       "公示期按法定节假日和调休计算工作日，不得少于规则包规定的天数。", "Working days of the publicity, official holidays and make-up workdays counted, must reach the pack's minimum."),
    _c("ZC405", "date-invalid", "error", "日期无效", "invalid date",
       "文件 {file}（{item}）中的日期「{raw}」{detail}。请改正日期。",
       "{file} ('{item}'): the date '{raw}' {detail}. Correct the date.",
       "不存在的日期、结束早于开始、晚于申报截止日期都会被退回。", "Impossible dates, an end before the start, or dates after the deadline are sent back."),
    _c("ZC406", "seal-missing", "error", "未见公章", "official seal missing",
       "文件 {file}（{item}）上没有发现公章。{detail}",
       "No official seal found on {file} ('{item}'). {detail}",
       "主管单位推荐意见、单位公示证明须加盖公章。", "The recommendation and the publicity certificate must carry the official seal."),
    _c("ZC407", "needs-review", "warning", "需人工核查", "needs review",
       "文件 {file}（{item}）：{detail}", "{file} ('{item}'): {detail}",
       "工具无法判定的情况，说明需要人工看什么。", "What the tool cannot decide, and what a person should look at."),
    _c("ZC408", "needs-review", "warning", "扫描件需 OCR 判定", "scan needs OCR",
       "文件 {file}（{item}）是扫描件，没有可读文字，{detail}无法判定。请安装 OCR 扩展（pip install \"zccheck[ocr]\"）并加 --ocr，或人工核对。",
       "{file} ('{item}') is a scan without text; {detail}cannot be decided. Install the OCR extra (pip install \"zccheck[ocr]\") and use --ocr, or check by hand.",
       "没有 OCR 时，扫描件的内容检查交给人工，不会误报缺失。", "Without OCR, content checks on scans are left to a person; never a false 'missing'."),
    _c("ZC410", "needs-review", "warning", "材料可能在未识别的扫描件中", "material may be among unrecognised scans",
       "没有按名称或栏目找到「{item}」，但有 {count} 个扫描件无法识别（如 {file}），其中可能就有。请安装 OCR 扩展（pip install \"zccheck[ocr]\"）并加 --ocr，或把文件改成能说明内容的名称。",
       "'{item}' was not found by name or slot, but {count} scan(s) could not be recognised (e.g. {file}); it may be among them. Install the OCR extra (pip install \"zccheck[ocr]\") and use --ocr, or rename the files to say what they are.",
       "没有 OCR 时不把扫描件里的材料误报为缺失。", "Without OCR, a material inside an unrecognised scan is never reported missing."),
    _c("ZC409", "period-too-short", "error", "未找到公示期", "publicity period not found",
       "文件 {file}（{item}）中找不到公示起止日期。请按模板写明「公示时间从××××年××月××日起至××××年××月××日止」。",
       "{file} ('{item}'): no publicity start and end dates found. State them as the template does (公示时间从…起至…止).",
       "公示期须写明起止日期，以便核对工作日数。", "The publicity must state its dates so its working days can be counted."),
    # --- identity ------------------------------------------------------------------------------
    _c("ZC501", "invalid-id", "error", "身份证号无效", "invalid ID number",
       "{where}的身份证号 {id} 无效（{detail}）。请核对后改正。",
       "The ID number {id} in {where} is invalid ({detail}). Check and correct it.",
       "依据 GB 11643：地址码、出生日期码、校验码。", "Per GB 11643: region code, birth date, check digit."),
    _c("ZC502", "identity-mismatch", "error", "与申报信息不一致", "does not match the profile",
       "文件 {file}（{item}）中的{field}「{found}」与申报信息「{expected}」不一致。请核对是否上传了他人的材料或填错了信息。",
       "{file} ('{item}') names {field} '{found}' but the profile says '{expected}'. Check whether this is someone else's document or a typo.",
       "公示、推荐意见、证书上的姓名、身份证号、系列和级别须与申报一致。", "Names, ID numbers, series and level on documents must match the application."),
    # --- eligibility ---------------------------------------------------------------------------
    _c("ZC601", "ineligible", "error", "不符合申报条件", "not eligible",
       "不符合申报「{title}」的条件：{detail}", "Not eligible for {title}: {detail}",
       "评审条件对学历和任职年限的要求；任何材料都无法弥补。", "The degree and years conditions; no material can make up for them."),
    _c("ZC602", "needs-review", "warning", "申报资格需人工核查", "eligibility needs review",
       "申报「{title}」的资格需人工核查：{detail}", "Eligibility for {title} needs review: {detail}",
       "缺少信息或特殊通道（破格、高技能人才贯通、访惠聚倾斜）需评委会判断。",
       "Missing data or a special route that needs the committee's judgement."),
    _c("ZC603", "profile-error", "error", "申报职称与现任职称不匹配", "title does not fit",
       "{detail}", "{detail}",
       "申报职称须属于所选系列，现任职称须为下一级。", "The title must belong to the series; the current title must be the level below."),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}
CATEGORIES = sorted({c.category for c in _ALL})


class _Coded(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> Any: ...


def severity_of(finding: _Coded) -> Severity:
    """A finding's severity: its own when a check set one, else its code's default."""
    severity: Severity = finding.severity or CODES[finding.code].severity
    return severity
