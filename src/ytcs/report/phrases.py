"""The report's own words (headings, legends, sentences) in Vietnamese and English.

Status, significance, flag, level and column labels are not here: they live beside their values in
`ytcs.vocab`. These are the phrases only the HTML report and its charts use.
"""

from __future__ import annotations

from ytcs.vocab import pick

PHRASES = {
    # charts
    "computed": ("Tính từ số liệu", "Computed from the counts"),
    "published": ("Số liệu công bố", "Published series"),
    "interval": ("KTC {level}%", "{level}% CI"),
    "base": ("Gốc", "Base"),
    "target": ("Mục tiêu", "Target"),
    "required": ("Lộ trình cần đạt", "Required path"),
    "projected": ("Xu hướng dự báo (màu theo tình trạng)", "Projected trend (coloured by status)"),
    "year": ("Năm", "Year"),
    # page
    "report": ("Báo cáo tiến độ thực hiện chỉ tiêu", "Progress towards the plan's targets"),
    "document": ("Văn bản", "Document"),
    "issuer": ("Cơ quan ban hành", "Issued by"),
    "period": ("Giai đoạn", "Period"),
    "data_year": ("Năm số liệu", "Data year"),
    "data_folder": ("Thư mục số liệu", "Data folder"),
    "contents": ("Nội dung", "Contents"),
    "headline": ("Tóm tắt", "Headline"),
    "headline_counts": ("Chỉ tiêu của {area} ({n} chỉ tiêu)", "Targets for {area} ({n} targets)"),
    "matters": ("Những điểm cần chú ý", "What matters most"),
    "nothing_behind": ("Không có chỉ tiêu nào chậm tiến độ.", "No target is behind."),
    "no_targets": (
        "Kế hoạch này không có chỉ tiêu định lượng: các mục tiêu dưới đây không đo được bằng số liệu.",
        "This plan has no quantified targets: the objectives below cannot be measured with data.",
    ),
    "objectives": ("Mục tiêu định tính (không đo được)", "Qualitative objectives (not measurable)"),
    "scorecard": ("Bảng tổng hợp", "Scorecard"),
    "scorecard_help": (
        "Mỗi dòng là một chỉ tiêu, mỗi cột một đơn vị; ô ghi giá trị năm {year}, màu theo tình trạng. "
        "{sig} khác biệt có ý nghĩa thống kê so với mục tiêu; {caveat} số liệu chưa đầy đủ. "
        "Bấm tiêu đề cột để sắp xếp theo tình trạng.",
        "Each row is a target, each column a unit; cells hold the {year} value, coloured by status. "
        "{sig} significantly different from the target; {caveat} incomplete data. "
        "Click a column header to sort by status.",
    ),
    "sort_reset": ("Thứ tự của kế hoạch", "The plan's order"),
    "not_judged": ("không áp dụng", "not judged"),
    "legend": ("Chú giải", "Legend"),
    "panels": ("Từng chỉ số", "Indicator by indicator"),
    "trend": ("Xu hướng", "Trend"),
    "ranking": ("Xếp hạng các đơn vị năm {year}", "Units ranked, {year}"),
    "area_only": (
        "Chỉ tiêu này chỉ đánh giá cho {area}: không xếp hạng các đơn vị.",
        "This target is judged for {area} only: no ranking of units.",
    ),
    "no_history": ("Chưa có số liệu để vẽ xu hướng.", "No data to draw a trend."),
    "caveats": ("Lưu ý về số liệu", "Data caveats"),
    "completeness": ("Độ đầy đủ theo đơn vị, năm {year}", "Completeness by unit, {year}"),
    "complete_all": ("Tất cả các đơn vị báo cáo đầy đủ.", "Every unit reported in full."),
    "incomplete_values": ("Giá trị chưa đầy đủ", "Incomplete values"),
    "findings": ("Phát hiện khi kiểm tra số liệu", "What the data checks found"),
    "no_findings": ("Không phát hiện vấn đề nào.", "The checks found nothing."),
    "estimated": ("Giá trị ước tính, báo cáo sẵn hoặc lấy từ nguồn khác", "Estimated, reported or borrowed values"),
    "document_notes": ("Ghi chú khi mã hoá văn bản kế hoạch (bằng tiếng Anh)", "Notes on the plan document"),
    "methods": ("Phương pháp", "Methods"),
    "formula": ("Công thức", "Formula"),
    "basis": ("Căn cứ", "Basis"),
    "ci_method": ("Khoảng tin cậy", "Confidence interval"),
    "statuses": ("Định nghĩa các tình trạng", "What the statuses mean"),
    "sig_legend": ("khác biệt có ý nghĩa thống kê so với mục tiêu", "significantly different from the target"),
    "caveat_legend": ("số liệu chưa đầy đủ", "incomplete data"),
    "lowest": ("Thấp nhất", "Lowest"),
    "which": ("Chỉ số chưa đầy đủ", "Incomplete indicators"),
    "print_hint": ("In: Ctrl+P, khổ A4", "Print: Ctrl+P, A4"),
}


def phrase(key: str, lang: str, **values: object) -> str:
    """The phrase in `lang`, with `{name}` fields filled from `values`."""
    text = pick(PHRASES[key], lang)
    return text.format(**values) if values else text
