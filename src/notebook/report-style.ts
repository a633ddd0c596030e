/** The report's inline stylesheet: readable on screen and in print, light and dark. */
export const REPORT_CSS = `
:root{color-scheme:light dark;--fg:#1d2330;--muted:#5b6475;--line:#d9dee8;--bg:#fff;--soft:#f5f7fb;--err:#b42318}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ef;--muted:#a3abbb;--line:#3a4152;--bg:#161a22;--soft:#1f2430;--err:#ff8a7a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:960px;margin:0 auto;padding:32px 20px 64px}
h1.report-title{font-size:1.9rem;margin:0 0 4px}
.meta,.note,footer{color:var(--muted);font-size:.9rem}
section{margin:28px 0}
h2.cell-name{font:600 .85rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);margin:0 0 8px}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
caption{caption-side:bottom;text-align:left;padding:6px 10px;color:var(--muted);font-size:.85rem}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
th{background:var(--soft);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.null{color:var(--muted);font-style:italic}
figure.chart{margin:0;overflow-x:auto;background:#fff;border-radius:6px;padding:8px}
figure.chart svg{max-width:100%;height:auto}
.error{color:var(--err);white-space:pre-wrap}
pre.code{background:var(--soft);padding:10px;border-radius:6px;overflow-x:auto}
.prose img{max-width:100%}
.image-omitted{color:var(--muted)}
footer{margin-top:48px;border-top:1px solid var(--line);padding-top:12px}
@media print{figure.chart,.table-wrap{break-inside:avoid}}
`;
