"""The methods and caveats sections' texts, in Vietnamese and English: how values, intervals and statuses are
made, and what each data finding means. Kept short; the README has the long version."""

from __future__ import annotations

from ytcs.vocab import Status

# The catalog cites its sources in English; the report names them in Vietnamese (longest phrases first).
BASIS_VI = (
    ("Standard WHO/GSO definition", "Định nghĩa thông dụng của WHO/Tổng cục Thống kê"),
    ("Standard definition (statistics dictionary)", "Định nghĩa thông dụng (từ điển thống kê)"),
    ("and standard definition", "và định nghĩa thông dụng"),
    ("Standard definition", "Định nghĩa thông dụng"),
    ("GSO statistical yearbook", "Niên giám thống kê (Tổng cục Thống kê)"),
    ("GSO metadata", "Đặc tả chỉ tiêu thống kê của Tổng cục Thống kê"),
    ("Thông tư 20/2019/TT-BYT indicator system", "hệ thống chỉ tiêu theo Thông tư 20/2019/TT-BYT"),
    ("(district level)", "(cấp huyện)"),
    ("(province level)", "(cấp tỉnh)"),
    ("(national)", "(cấp quốc gia)"),
    ("GSO", "Tổng cục Thống kê"),
)

CI_TEXT = {
    "intro": (
        "Khoảng tin cậy (KTC) {level}%, tính như gói PHEindicatormethods: phương pháp Wilson cho tỷ lệ; với "
        "tỷ suất, giới hạn Poisson chính xác (phân phối khi bình phương) khi dưới 10 sự kiện và xấp xỉ Byar từ "
        "10 sự kiện. Không tính KTC cho tỷ số nhân lực, giường bệnh (số liệu toàn bộ, không phải mẫu) và giá "
        "trị báo cáo sẵn. Một giá trị khác mục tiêu có ý nghĩa thống kê (*) khi cả khoảng tin cậy nằm về một "
        "phía của mục tiêu.",
        "Confidence intervals (CI) at {level}%, as PHEindicatormethods computes them: Wilson score for "
        "proportions; for event rates, exact Poisson limits (chi-square) below 10 events and Byar's "
        "approximation from 10. None for staff and bed ratios (censuses, not samples) and reported values. A "
        "value differs significantly from its target (*) when the whole interval lies on one side of it.",
    ),
    "wilson": ("Wilson", "Wilson score"),
    "poisson": ("Poisson chính xác / Byar", "exact Poisson / Byar"),
    "none": ("không tính", "none"),
}

PROGRESS_TEXT = (
    "Trước năm mục tiêu, tiến độ so sánh tốc độ thay đổi thực tế với tốc độ cần có (phương pháp của Eurostat "
    "cho các mục tiêu phát triển bền vững, như Open SDG): từ năm gốc (mức cơ sở của kế hoạch, nếu không thì "
    "năm sớm nhất có số liệu, kể cả số liệu đã công bố) đến năm số liệu, CAGR_tt = (hiện tại/gốc)^(1/số năm) − "
    "1 và CAGR_cần = (mục tiêu/gốc)^(1/(năm mục tiêu − năm gốc)) − 1; R = d · CAGR_tt / |CAGR_cần| (d = +1 khi "
    "giá trị cần tăng, −1 khi cần giảm). Đúng tiến độ khi R ≥ {on_track}; cần tăng tốc khi {accelerate} ≤ R < "
    "{on_track}; tiến bộ hạn chế khi 0 ≤ R < {accelerate}; xấu đi khi R < 0. Khi không tính được tốc độ tăng "
    "(gốc, hiện tại hoặc mục tiêu bằng 0) dùng độ dốc tuyến tính. Dự báo là giá trị xu hướng hiện nay đạt tới "
    "vào năm mục tiêu; lộ trình cần đạt trên biểu đồ là đường thẳng từ gốc đến mục tiêu. Từ năm mục tiêu (hoặc "
    'trong giai đoạn "duy trì"), chỉ tiêu đạt hoặc không đạt.',
    "Before the target year, progress compares the observed rate of change with the rate required (Eurostat's "
    "method for the Sustainable Development Goals, as in Open SDG): from a base (the plan's baseline, else the "
    "earliest year with data, published series included) to the data year, CAGR_obs = (latest/base)^(1/years) "
    "− 1 and CAGR_req = (target/base)^(1/(target year − base year)) − 1; R = d · CAGR_obs / |CAGR_req| (d = +1 "
    "when the value must rise, −1 when it must fall). On track when R ≥ {on_track}; needs acceleration when "
    "{accelerate} ≤ R < {on_track}; limited progress when 0 ≤ R < {accelerate}; getting worse when R < 0. Where "
    "a growth rate is undefined (a base, latest value or target of 0) linear slopes are used. The projection "
    "is where the current trend reaches in the target year; the required path on the charts is the straight "
    'line from base to target. From the target year (or within a "maintain" span) a target is met or missed.',
)

STATUS_MEANING = {
    Status.MET: ("năm mục tiêu đã đến và giá trị đạt mục tiêu.", "the target year has come and the value meets it."),
    Status.ACHIEVED: ("chưa đến năm mục tiêu nhưng giá trị đã đạt.", "before its year, the value already meets it."),
    Status.ON_TRACK: ("xu hướng hiện nay đủ nhanh để đạt đúng hạn (R ≥ {on_track}).",
                      "the current trend is fast enough to meet it in time (R ≥ {on_track})."),
    Status.ACCELERATE: ("đang tiến tới mục tiêu nhưng chưa đủ nhanh ({accelerate} ≤ R < {on_track}).",
                        "moving towards the target, not fast enough ({accelerate} ≤ R < {on_track})."),
    Status.LIMITED: ("tiến rất chậm (0 ≤ R < {accelerate}), hoặc xu hướng vượt qua khoảng mục tiêu.",
                     "moving very slowly (0 ≤ R < {accelerate}), or the trend overshoots a target band."),
    Status.DETERIORATION: ("đang đi xa mục tiêu (R < 0), dù giá trị tăng hay giảm.",
                           "moving away from the target (R < 0), whichever way the value goes."),
    Status.MISSED: ("năm mục tiêu đã đến và giá trị chưa đạt.", "the target year has come and the value falls short."),
    Status.NO_DATA: ("thiếu số liệu đầu vào để tính giá trị.", "the inputs to compute the value are missing."),
    Status.INSUFFICIENT: ("chỉ có một điểm số liệu: chưa đánh giá được xu hướng.",
                          "only one data point: no trend can be judged."),
    Status.NOT_MEASURABLE: ("mục tiêu định tính, không có con số để đo.", "a qualitative objective with no number."),
}  # fmt: skip

# Data findings in plain words, by their code: {unit}, {variable}, {year}.
FINDING_TEXT = {
    "no-data": (
        "{unit} không báo cáo {variable} năm {year}: đơn vị này được để ra ngoài cả tử số và mẫu số của các chỉ "
        "số dùng biến này năm đó, nên tỷ lệ của cấp trên không bị kéo thấp giả tạo.",
        "{unit} did not report {variable} for {year}: it is left out of both numerator and denominator of the "
        "indicators that use it that year, so the totals above it are not falsely low.",
    ),
    "negative": ("{unit}: {variable} năm {year} là số âm; cần sửa ô này.",
                 "{unit}: {variable} for {year} is negative; the cell needs correcting."),
    "part-exceeds-whole": ("{unit}: {variable} năm {year} lớn hơn tổng số mà nó là một phần.",
                           "{unit}: {variable} for {year} is larger than the whole it is part of."),
    "unknown-unit": ("Có số liệu của một mã đơn vị không có trong danh sách đơn vị; số liệu này không được dùng.",
                     "Values were given for a unit code that is not in the list of units; they are not used."),
    "total-row": ("{unit} ({year}): một dòng lặp lại tổng của các đơn vị trực thuộc, sẽ bị cộng hai lần.",
                  "{unit} ({year}): a row repeats the total of the units below it and would count twice."),
    "partial-year": ("{unit}: {variable} năm {year} chỉ được báo cáo cho một số tháng.",
                     "{unit}: {variable} for {year} is reported for only some months."),
}  # fmt: skip
