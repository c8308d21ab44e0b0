"""The static segment health report: one self-contained HTML file (inline SVG charts, no scripts)."""

from orchestration.report.html import render_report
from orchestration.report.queries import ReportData, read_report_data

__all__ = ["ReportData", "read_report_data", "render_report"]
