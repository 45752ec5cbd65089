"""Write an enterprise workbook of N rows for the import bench (valid codes, real demo villages)."""

from __future__ import annotations

import random
import sys

from openpyxl import Workbook
from stdnum.cn import uscc

from fazhi.web.demo_data import INDUSTRIES, NAME_WORDS, TOWNSHIPS

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "法定代表人",
    "地址",
    "村(社区)",
    "行业",
    "风险等级",
    "无事不扰",
    "无事不扰截止日期",
    "联系人",
    "联系电话",
]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
RISK = ["低风险", "一般风险", "较大风险", "重大风险"]


def main(path: str, n: int) -> None:
    rng = random.Random(50000)
    villages = [f"{code}{i:03d}" for code, _, vs in TOWNSHIPS for i in range(1, len(vs) + 1)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业")
    ws.append(HEADER)
    seen: set[str] = set()
    for i in range(n):
        while True:
            base = "91500238" + "".join(rng.choice(ALPHABET) for _ in range(9))
            code = base + uscc.calc_check_digit(base)
            if code not in seen:
                seen.add(code)
                break
        industry, suffix, _ = INDUSTRIES[i % len(INDUSTRIES)]
        ws.append(
            [
                code,
                f"巫溪县{rng.choice(NAME_WORDS)}{i}{suffix}",
                "张三",
                f"某村{i % 9 + 1}组",
                villages[i % len(villages)],
                industry,
                RISK[rng.randrange(4)],
                "否",
                None,
                "李四",
                f"138{rng.randint(10**7, 10**8 - 1)}",
            ]
        )
    wb.save(path)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
