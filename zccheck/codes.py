"""The stable finding codes. A code never changes meaning; new checks get new codes.

Each code has one category (the contract's enum) and a default severity that follows the reviewers:
what they would send back is an error; what a person should still look at is a warning.
Messages are templates: {item} is the item's title, {file} the file; other fields come from the
finding's args, worded per language when reporting (zccheck.report.messages): item, part and field ids
become titles and labels, years and lists are joined, and {detail} is the PHRASES entry of the finding's
`problem`. Every message says what to do.
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
       "{detail}。请在申报材料文件夹中放入「{profile_file}」（可用 zccheck init 生成模板）并填写完整。",
       "{detail}. Put a filled-in {profile_file} in the applicant folder (zccheck init writes a template).",
       "zccheck 依据申报信息判断哪些材料适用（如机关调动、援疆、职称取得地）。缺少时仍会检查，但无法判定的条目标为需人工核查。",
       "zccheck uses the profile to decide which materials apply. Without it the check still runs; undecidable items become needs-review."),
    _c("ZC002", "profile-error", "error", "申报信息填写有误", "invalid profile value",
       "申报信息中「{field}」的值「{value}」无效，可填：{valid}。请改正 {file}。",
       "Profile field {field} has the invalid value '{value}'; valid values: {valid}. Fix {file}.",
       "申报信息的取值必须是规则包列出的值之一。", "Profile values must be one of the values the rule pack lists."),
    _c("ZC003", "needs-review", "warning", "申报信息缺少字段，条目无法判定", "profile field missing: item undecided",
       "「{item}」是否需要提交取决于申报信息的「{fields}」，但该字段未填写。请在{profile_file} 中填写「{fields}」。",
       "Whether '{item}' is required depends on the profile field {fields}, which is empty. Fill in {fields} in {profile_file}.",
       "条目的适用条件依赖申报信息；字段缺失时不猜测，请补充。", "Item conditions depend on the profile; a missing field is never guessed."),
    _c("ZC004", "profile-error", "warning", "申报信息未知字段", "unknown profile field",
       "申报信息 {file} 第 {line} 行的字段「{key}」不认识，可用字段：{known_fields}。",
       "Profile {file} line {line}: unknown field '{key}'; known fields: {known_fields}.",
       "字段名写错会导致信息被忽略；多写的字段（如性别、专业）不影响检查，只提醒核对拼写。",
       "A misspelt field would be silently ignored, so zccheck says so; extra fields (gender, speciality) do not affect the check."),
    # --- presence and parts -----------------------------------------------------------------
    _c("ZC101", "missing", "error", "缺少材料", "material missing",
       "缺少「{item}」（{clause}）：没有找到任何文件。可建文件夹「{slot}」放入，或用含「{word}」的文件名。请上传后再提交。",
       "'{item}' ({clause}) is missing: no file found. Put it in a folder named {slot} or use a file name containing {word}. "
       "Upload it before submitting.",
       "规则包列出的每项适用材料都须上传；依据见 zccheck explain 所引通知原文。", "Every material the rule pack lists as applying must be uploaded; explain quotes the notice."),
    _c("ZC102", "incomplete", "error", "材料不完整（缺少部分）", "material incomplete",
       "「{item}」缺少：{parts}。{mode}请补充上传。",
       "'{item}' lacks: {parts}. {mode} Upload the missing part(s).",
       "规则包中由几个部分组成的材料（如身份证正、反面；学历和学位证书），须全部（或按通知任选其一）上传。",
       "A material the rule pack gives several parts (an ID card's front and back; diploma and degree) needs all of them (or, where the notice says so, any one)."),
    _c("ZC103", "blank-slot", "error", "栏目为空", "empty upload slot",
       "栏目文件夹「{file}」（{item}）中没有可用的文件。请把「{item}」放入该文件夹。",
       "Slot folder '{file}' ({item}) holds no usable file. Put '{item}' into it.",
       "建立了栏目文件夹却未放入材料，等同于不传。", "An empty slot counts as not uploaded."),
    _c("ZC104", "misfiled", "error", "材料放错栏目", "file in the wrong slot",
       "文件 {file} 放在「{item}」栏目中，但内容是「{found_item}」。请移到「{found_item}」栏目（错传视为没有）。",
       "{file} sits in the '{item}' slot but is '{found_item}'. Move it to the '{found_item}' slot (a misfiled file counts as missing).",
       "放错栏目的文件不算作任何一项材料。", "A file in the wrong slot counts for no material."),
    _c("ZC105", "unclassified", "warning", "无法识别的文件", "unrecognised file",
       "文件 {file} 无法识别属于哪项材料{detail}。请改用能说明内容的文件名（写明材料名称和年度）或放入对应栏目文件夹。",
       "Cannot tell which material {file} is{detail}. Rename it to say what it is (the material and its year) or move it into the matching slot folder.",
       "文件按栏目文件夹、文件名、内容文字识别。", "Files are recognised by slot folder, file name and text."),
    _c("ZC106", "duplicate", "warning", "重复文件", "duplicate file",
       "文件 {file} 与 {other} 内容完全相同。请删除重复的一份，或换成应上传的其他材料。",
       "{file} has the same content as {other}. Remove one copy, or replace it with the material that belongs there.",
       "重复上传常常意味着另一份材料传错了。", "A duplicate often means another material was uploaded wrongly."),
    _c("ZC107", "unclassified", "info", "已忽略的系统文件", "ignored system file",
       "文件 {file} 是系统生成的文件，上传时请勿包含。", "{file} is an operating-system file; leave it out of the upload.",
       "如 Thumbs.db、.DS_Store、desktop.ini。", "Such as Thumbs.db, .DS_Store, desktop.ini."),
    _c("ZC111", "needs-review", "warning", "无法确定是哪项材料", "material undecided between items",
       "文件 {file} 的标题或名称同样符合{candidates}，zccheck 不作猜测。请确认它是哪项材料，并在文件名中写明（材料名称和年度）或放入对应栏目文件夹。",
       "{file} fits {candidates} equally by its title or name; zccheck does not guess. Check which material it is and say so in its name (the material and its year) or move it into that slot folder.",
       "规则包中几项材料的标题用语相同（如“继续教育证书”既可能是公需科目也可能是专业科目），而年度等信息也无法区分时，交由人工判断。",
       "When the rule pack's words for several items tie (a continuing-education certificate may be for the public or the professional subjects) and nothing else separates them, a person decides."),
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
       "规则包要求每年正、反面（sides: 2）的材料，每个年度须有两页，或文件名写明正面和反面。",
       "A material the rule pack asks front and back for each year (sides: 2) needs two pages a year, or files named front and back."),
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
       "{file} is in a format the upload system does not take ({kind}). {advice}",
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
       "通知所附模板中的 ××、×（高、中、初）、××××年××月××日 等占位符须替换为实际内容。",
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
       "{file} ('{item}') is a scan without text; {detail} cannot be decided. Install the OCR extra (pip install \"zccheck[ocr]\") and use --ocr, or check by hand.",
       "没有 OCR 时，扫描件的内容检查交给人工，不会误报缺失。", "Without OCR, content checks on scans are left to a person; never a false 'missing'."),
    _c("ZC410", "needs-review", "warning", "材料可能在未识别的扫描件中", "material may be among unrecognised scans",
       "没有按名称或栏目找到「{item}」，但有 {count} 个扫描件无法识别（如 {file}），其中可能就有。请安装 OCR 扩展（pip install \"zccheck[ocr]\"）并加 --ocr，或把文件改成能说明内容的名称。",
       "'{item}' was not found by name or slot, but {count} scan(s) could not be recognised (e.g. {file}); it may be among them. Install the OCR extra (pip install \"zccheck[ocr]\") and use --ocr, or rename the files to say what they are.",
       "没有 OCR 时不把扫描件里的材料误报为缺失。", "Without OCR, a material inside an unrecognised scan is never reported missing."),
    _c("ZC411", "missing", "error", "缺少材料（未识别的扫描件不够）", "materials missing (too few unrecognised scans)",
       "有 {count} 项材料没有按名称或栏目找到（{items}），而无法识别的扫描件只有 {pages} 页（如 {file}），一页最多是一项材料：至少 {short} 项确实缺少。请补充上传，或把文件改成能说明内容的名称。",
       "{count} materials were not found by name or slot ({items}), but the unrecognised scans have only {pages} page(s) (e.g. {file}), and a page holds at most one material: at least {short} are really missing. Upload them, or rename the files to say what they are.",
       "ZC410 不把扫描件里可能有的材料误报为缺失；但缺的材料比扫描件的页数还多时，多出的部分一定缺失，不能通过。",
       "ZC410 never reports a material that may be inside a scan as missing; but when more materials are missing than the scans have pages, the rest are surely missing and the folder cannot pass."),
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
       "文件 {file}（{item}）中的{what}「{found}」与申报信息「{expected}」不一致。请核对是否上传了他人的材料或填错了信息。",
       "{file} ('{item}') names {what} '{found}' but the profile says '{expected}'. Check whether this is someone else's document or a typo.",
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

# --- phrases: the words of a finding's details, per language ----------------------------------------
# A finding names what went wrong by key (its `problem`: one, or several for one file; or the words a
# scanner recorded, e.g. "timed out"), and a few arguments by value, looked up as "arg:value" ("kind:heic",
# "mode:all"; "arg:none" when the value is absent). Fields in braces come from the finding's other args,
# as in the messages. Names, titles and quotations (files, folders, the pack's titles, the notice's and
# the documents' words, profile values) are args and appear as written, in both languages.
# What a scan OCR could not read leaves undecided ({} : what), and what to do about it.
_SCAN_UNREAD = ("OCR 读不出这份扫描件的文字（图像过淡或模糊、黑白 JBIG2 压缩，或页面无法解码），无法判定{}。"
                "请人工核对，或重新扫描为清晰的彩色或灰度图像后再检查。",
                "OCR could read no text from this scan (too faint or blurred, black-and-white JBIG2 compression, or a "
                "page that cannot be decoded), so {} cannot be decided. Check it by hand, or scan it again as a clear "
                "colour or grey image and check again.")

PHRASES: dict[str, tuple[str, str]] = {
    # the profile file (ZC001) and its values (ZC002, ZC501)
    "profile-missing": ("没有找到申报信息文件（{profile_file}）", "No profile ({profile_file}) was found"),
    "profile-too-large": ("申报信息文件 {file} 超过 {limit_kb} KB，未读取（应为几十行的「字段: 值」）",
                          "The profile {file} is larger than {limit_kb} KB and was not read "
                          "(a profile is a few dozen 'field: value' lines)"),
    "profile-syntax": ("申报信息文件 {file} 第 {line} 行无法解析：{error}", "The profile {file} cannot be parsed at line {line}: {error}"),
    "profile-empty": ("申报信息文件 {file} 是空的", "The profile {file} is empty"),
    "profile-not-a-mapping": ("申报信息文件 {file} 应为「字段: 值」的列表", "The profile {file} should be a list of 'field: value' lines"),
    "valid:bool": ("是、否", "yes or no"),
    "valid:yearmonth": ("YYYY-MM（如 2016-12）", "YYYY-MM (e.g. 2016-12)"),
    "valid:text": ("文字", "text"),
    "where:profile": ("申报信息", "the profile"),
    "where:command-line": ("命令行", "the command line"),
    "where:file": ("文件 {file} 中", "{file}"),
    "id-length": ("位数不对（应为18位）", "wrong length (18 characters expected)"),
    "id-characters": ("含有非法字符", "invalid characters"),
    "id-region": ("地址码（前两位省份代码）不存在", "no such region code"),
    "id-birth-date": ("出生日期码不是有效日期", "the birth date is not a valid date"),
    "id-check-digit": ("校验码（最后一位）错误", "wrong check digit (last character)"),
    # listing the folder (ZC308)
    "link-outside": ("是指向文件夹外的链接，未读取", "a link leaving the folder, not followed"),
    "link-dir": ("是指向文件夹的链接，未跟随", "a link to a folder, not followed"),
    "link-broken": ("是失效或循环的链接，未跟随", "a dangling or looping link, not followed"),
    "inaccessible": ("无法读取", "cannot be read"),
    "permission": ("没有读取权限", "permission denied"),
    "not-regular": ("不是普通文件", "not a regular file"),
    "too-many": ("文件数量过多，其余文件未检查", "too many files, the rest was not checked"),
    "too-deep": ("文件夹层级过深，未继续读取", "folders nested too deep, not read further"),
    # an archive or one of its members (ZC309, ZC310)
    "unsafe-path": ("路径不安全（绝对路径、含 .. 或链接），已拒绝", "unsafe path (absolute, with .. or a link), refused"),
    "encrypted": ("已加密", "encrypted"),
    "corrupt": ("压缩包已损坏", "the archive is damaged"),
    "unsupported-compression": ("不支持的压缩方式", "unsupported compression method"),
    "nested-too-deep": ("压缩包嵌套超过一层，未读取", "archive nested more than one level, not read"),
    "too-many-members": ("文件数量超过上限", "too many members"),
    "too-large": ("解压后总大小超过上限", "too large when unpacked"),
    "ratio": ("压缩比异常，疑似 zip 炸弹", "compression ratio of a zip bomb"),
    # a file that could not be read (ZC301), in the words the scanner and its workers record
    "damaged": ("文件已损坏", "damaged"),
    "no-pages": ("PDF 中没有页面", "the PDF has no pages"),
    "decompression-bomb": ("页面内容解压后超过安全上限（疑似解压炸弹）",
                           "page content decompresses beyond the safety limit (decompression bomb)"),
    "too-many-pixels": ("图像像素过多（疑似解压炸弹）", "an image with too many pixels (decompression bomb)"),
    "parser crashed": ("读取程序崩溃", "the parser crashed"),
    "worker unavailable": ("没有可用的读取进程", "no worker process was available"),
    "out of memory": ("内存不足", "out of memory"),
    "result too large": ("读取结果过大", "the result was too large"),
    "timed out": ("读取超时", "timed out"),
    # formats the upload system does not take (ZC304); other kinds are shown in capitals
    "kind:doc": ("Word (.doc)", "Word (.doc)"), "kind:docx": ("Word (.docx)", "Word (.docx)"),
    "kind:wps": ("WPS", "WPS"), "kind:xls": ("Excel", "Excel"), "kind:xlsx": ("Excel", "Excel"),
    "kind:ppt": ("PowerPoint", "PowerPoint"), "kind:pptx": ("PowerPoint", "PowerPoint"), "kind:rtf": ("RTF", "RTF"),
    "kind:ofd": ("OFD", "OFD"), "kind:heic": ("HEIC 照片", "HEIC photo"), "kind:rar": ("RAR 压缩包", "RAR archive"),
    "kind:7z": ("7z 压缩包", "7z archive"), "kind:zip": ("ZIP 压缩包", "ZIP archive"), "kind:text": ("纯文本", "plain text"),
    "kind:unknown": ("无法识别的", "unrecognised"),
    "advice:archive-not-zip": ("zccheck 只能读取 ZIP 压缩包：请解压为文件夹，或重新压缩为 .zip 后再检查。",
                               "zccheck reads only ZIP archives: extract it to a folder, or re-compress it as .zip, and check again."),
    "advice:not-a-folder": ("请检查申报人的文件夹或 .zip 压缩包，而不是单个文件。",
                            "Check an applicant's folder or .zip archive, not a single file."),
    # which material (ZC105), which parts (ZC102)
    "could-be": ("（可能是：{items}）", " (could be: {items})"),
    "mode:all": ("通知要求以下材料全部上传。", "The notice asks for all of them."),
    "mode:any": ("通知要求至少上传其中一件。", "The notice asks for at least one."),
    "mode:both-sides": ("通知要求正、反面都上传。", "The notice asks for both sides."),
    "side:front": ("正面", "front"),
    "side:back": ("反面", "back"),
    "sides-of-year": ("{years} 年度的{sides}", "the {sides} side of {years}"),
    # upload limits of an item (file-limits: ZC306 info, ZC407)
    "suggested-pixels": ("图片为 {width}×{height} 像素（宽×高），通知建议 {suggested_width}×{suggested_height} 像素",
                         "the image is {width}×{height} pixels (width×height); the notice suggests "
                         "{suggested_width}×{suggested_height}"),
    "too-many-files": ("本栏目最多上传 {max_files} 个文件，这里有 {files} 个。请只保留应上传的文件。",
                       "this item takes at most {max_files} file(s) and has {files}: keep only the one(s) to upload."),
    "parts:min-files": ("至少 {min_files} 个文件（现有 {files} 个）", "at least {min_files} files ({files} found)"),
    "mode:min-files": ("规则包规定了本栏目的文件数量。", "The rule pack sets how many files this item needs."),
    # scan and photo quality (ZC306)
    "photo-too-small": ("照片只有 {width}×{height} 像素，至少需要 {min_width}×{min_height}",
                        "the photo is only {width}×{height} pixels, at least {min_width}×{min_height} are needed"),
    "photo-aspect": ("照片宽高比 {aspect:.2f} 不是一寸/二寸证件照的竖版比例（{low}–{high}）",
                     "its width/height ratio {aspect:.2f} is not that of a portrait 1- or 2-inch ID photo ({low}–{high})"),
    "low-dpi": ("分辨率约 {dpi} dpi（{width}×{height} 像素），低于 {min_dpi} dpi，可能无法看清",
                "about {dpi} dpi ({width}×{height} pixels), below {min_dpi} dpi: it may not be legible"),
    # seal, signature, wording (ZC406, ZC407, ZC408)
    "born-digital-no-seal": ("这是电子生成的 PDF，不含任何图像，不可能带有公章。请上传加盖公章后的扫描件。",
                             "It is a born-digital PDF with no image, so it cannot carry a seal. Upload the scan of the stamped paper."),
    "no-seal-seen": ("请加盖公章后重新扫描上传（扫描件上应能看到红色圆形公章）。",
                     "Stamp it and scan it again (the red round seal must be visible on the scan)."),
    "seal-undecided": ("无法判断是否加盖公章（黑白或灰度扫描件看不出红色公章），请人工核对，或彩色扫描后重新上传。",
                       "cannot tell whether it carries the official seal (a black-and-white or grey scan shows no "
                       "red): check by hand, or upload a colour scan."),
    "born-digital-unsigned": ("这是电子生成、只有文字的 PDF，看不到本人签字：须本人签字后扫描上传。",
                              "a born-digital, text-only PDF shows no signature: sign the paper and upload its scan."),
    "statement-on-scan": ("是否含有规定表述", "whether it holds the prescribed sentence"),
    "period-on-scan": ("公示期是否不少于规定工作日", "whether the publicity lasted long enough"),
    # with --ocr on, a scan OCR read no word of (ZC407): the ZC408 advice to turn OCR on would be wrong
    "statement-scan-unread": (_SCAN_UNREAD[0].format("是否含有规定表述"),
                              _SCAN_UNREAD[1].format("whether it holds the prescribed sentence")),
    "period-scan-unread": (_SCAN_UNREAD[0].format("公示期是否不少于规定工作日"),
                           _SCAN_UNREAD[1].format("whether the publicity lasted long enough")),
    # the publicity period (ZC404, ZC405, ZC407)
    "impossible-date": ("不是一个存在的日期", "is not a real date"),
    "end-before-start": ("结束日期早于开始日期", "ends before it starts"),
    "after-deadline": ("晚于申报截止日期 {deadline}", "ends after the submission deadline {deadline}"),
    "after-deadline-computed": ("按写明的天数至 {end}，晚于申报截止日期 {deadline}",
                                "by the stated days, it ends on {end}: ends after the submission deadline {deadline}"),
    "period-unreadable": ("文件中有日期，但读不出公示起止日期或公示天数。请人工核对公示期是否不少于 {minimum} 个工作日"
                          "（最好按模板写明「公示时间从…年…月…日起至…年…月…日止」）。",
                          "the file holds dates, but no publicity start and end (nor a number of days) could be read from it. "
                          "Check by hand that the publicity lasted at least {minimum} working days "
                          "(best state it as the template does: 公示时间从…起至…止)."),
    "calendar-days-without-start": ("公示期写为「{stated}」（{days} 个自然日），没有写起止日期，无法按节假日计算工作日。"
                                    "请人工核对公示期是否不少于 {minimum} 个工作日。",
                                    "the publicity is stated as '{stated}' ({days} calendar days) without its dates, so its "
                                    "working days cannot be counted. Check by hand that it lasted at least {minimum} working days."),
    "calendar-missing": ("节假日日历不含 {years} 年，无法计算公示期工作日，请人工核对（或在规则包 content.yaml 的 calendar 中补充）。",
                         "the holiday calendar does not cover {years}: count the publicity's working days by hand "
                         "(or add the year to the pack's content.yaml calendar)."),
    "end-not-written": ("公示期写为「{stated}」（{days} {unit}，自 {start} 起应至 {end}），没有写结束日期；已按写明的天数判定。"
                        "如需核对，请看公示的实际结束日期。",
                        "the publicity is stated as '{stated}' ({days} {unit}; from {start} it runs to {end}) without an end "
                        "date; it was judged by the stated number of days. Check the actual end date if in doubt."),
    "end-not-written-undated": ("公示期写为「{stated}」（{days} {unit}，起止日期未写明），没有写结束日期；已按写明的天数判定。"
                                "如需核对，请看公示的实际结束日期。",
                                "the publicity is stated as '{stated}' ({days} {unit}; its dates are not stated) without an "
                                "end date; it was judged by the stated number of days. Check the actual end date if in doubt."),
    "unit:working": ("个工作日", "working days"),
    "unit:calendar": ("天", "days"),
    "start:none": ("（未写明，写为「{stated}」）", "(not stated; written '{stated}')"),
    "end:none": ("（未写明）", "(not stated)"),
    # identity (ZC502): what the document names
    "what:name": ("姓名", "name"),
    "what:id_number": ("身份证号", "ID number"),
    "what:series": ("系列", "series"),
    "what:level": ("级别", "level"),
    # eligibility (ZC601–ZC603): the reason is a list of these, worded by zccheck.report.messages
    "title:none": ("（未填写申报职称）", "(no title given)"),
    "el-route": ("{lead}「{route}」：{spans}。", "{lead} '{route}': {spans}."),
    "lead:meets": ("符合", "Meets"),
    "lead:short": ("资历不足，不符合", "Not enough years for"),
    "lead:short-on-given": ("按已填信息不符合", "On the data given, does not meet"),
    "el-span-title": ("取得{holds}职称后须满{required}年，自{start}起算至{until}为{span}",
                      "{required_years} required after obtaining {holds}; from {start} to {until} is {span}"),
    "el-span-graduation": ("毕业后须满{required}年，自{start}起算至{until}为{span}",
                           "{required_years} required after graduation; from {start} to {until} is {span}"),
    "el-span-short": ("，尚差{short}", ", {short} short"),
    "el-span-met": ("，已满", ", met"),
    "el-no-years": ("可直接初定，无年限要求", "first determination, no years required"),
    "el-series-missing": ("未填{field}，无法判断申报资格。", "The series is not given, so eligibility cannot be decided."),
    "el-series-unknown": ("{field}「{series}」不在本次评审范围内，可选：{valid}。",
                          "Series '{series}' is not reviewed under this notice; valid: {valid}."),
    "el-title-missing": ("未填{field}，无法判断申报资格。", "The title applied for is not given, so eligibility cannot be decided."),
    "el-title-unknown": ("{series}系列没有「{title}」，可申报：{valid}。", "The {series} series has no title '{title}'; valid: {valid}."),
    "el-title-other-series": ("{series}系列没有「{title}」（「{title}」属于{other}系列），可申报：{valid}。",
                              "The {series} series has no title '{title}' ('{title}' belongs to the {other} series); "
                              "valid: {valid}."),
    "el-value-unknown": ("{field}「{value}」无法识别，可填：{valid}。", "The {field} '{value}' is not recognised; valid: {valid}."),
    "el-date-after": ("{field} {value} 晚于资历计算截止日 {until}，请核对。",
                      "The {field} {value} is after the counting date {until}; check it."),
    "el-not-below": ("现任职称「{current}」不低于申报职称「{title}」；申报「{title}」须现任「{needed}」。",
                     "The current title '{current}' is not below '{title}'; applying for '{title}' needs '{needed}'."),
    "needed:none": ("（无，初定）", "none (first determination)"),
    "el-below-not-held": ("申报「{title}」须现任下一级职称「{needed}」，现任「{current}」不符。",
                          "Applying for '{title}' needs the level directly below ('{needed}'); the current title "
                          "'{current}' does not fit."),
    "el-below-none-held": ("申报「{title}」须现任下一级职称「{needed}」，申报信息填写无现任职称。",
                           "Applying for '{title}' needs the level directly below ('{needed}'); the profile says no title is held."),
    "el-fields-missing": ("缺少{fields}，无法判断是否符合申报「{title}」的学历资历条件。",
                          "Missing {fields}: cannot decide the education and years conditions for '{title}'."),
    "el-no-route": ("{given}不符合申报「{title}」任何一条学历资历路线：{routes}。",
                    "With {given}, none of the routes to '{title}' fits: {routes}."),
    "el-given": ("{field}「{value}」", "{field} '{value}'"),
    "el-special": ("特殊通道须评委会认定：{specials}。", "A special route needs the committee's judgement: {specials}."),
    "el-special-route": ("{label}，适用《{document}》（{short}）", "{label}, under {short}"),
    "ordinary:eligible": ("按普通条件已符合：", "The ordinary route is met:"),
    "ordinary:ineligible": ("按普通条件不符合：", "The ordinary route is not met:"),
    "ordinary:needs-review": ("按普通条件尚无法判断：", "The ordinary route cannot be decided yet:"),
}


class _Coded(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> Any: ...


def severity_of(finding: _Coded) -> Severity:
    """A finding's severity: its own when a check set one, else its code's default."""
    severity: Severity = finding.severity or CODES[finding.code].severity
    return severity
