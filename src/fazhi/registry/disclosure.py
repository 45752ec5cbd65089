"""What a public page may say about a party (domain-rules §2: natural persons' data is redacted).

The one place that decides how an enterprise or a party is named in public: the published
inspection results, the random draws and the published penalty decisions all call ``public_party``
(and nothing else names a party on a public page, in a public API or in an export).

The rule (docs/security.md, "Publication of natural persons"):

- an organisation (any credit code not starting with ``92``) is named in full, code in full;
- a 个体工商户 (credit code ``92…``: registration authority 9, type 2, the operator is a natural
  person, and its name is often the operator's own) keeps the first character of its name and its
  trade part — the longest ending of the name found in ``TRADE_ENDINGS`` (餐饮店, 民宿, 小卖部, 店,
  馆 …) — and every character between them becomes ``*``; with no trade ending, or fewer than two
  characters before it, only the first character is kept. Its credit code keeps the first 8 and
  the last 4 characters, the 6 between become ``*``;
- a natural person who is not a registered business (a case's party of kind "person") keeps the
  first character of the name (张**); no identity number is ever published.

Masking is idempotent: a masked name masked again is unchanged, so already-published text can be
passed through once more without harm.
"""

from __future__ import annotations

from dataclasses import dataclass

# Endings of 个体工商户 names that say the trade (行业) and the form (组织形式), not the person.
# Longest first is not needed: the longest matching ending is taken.
TRADE_ENDINGS = (
    "餐饮店", "小吃店", "饭店", "面馆", "火锅店", "农家乐", "民宿", "客栈", "旅馆", "宾馆",
    "超市", "便利店", "商店", "小卖部", "经营部", "门市部", "批发部", "商行", "副食店", "百货店",
    "药店", "药房", "诊所", "理发店", "美发店", "美容店", "洗车店", "修理部", "维修部", "汽修店",
    "五金店", "建材店", "服装店", "鞋店", "茶馆", "茶庄", "水果店", "肉店", "粮油店", "加工厂",
    "加工坊", "养殖场", "种植场", "农场", "作坊", "工作室", "中心",
    "店", "馆", "部", "厂", "场", "行", "坊", "铺", "社", "站", "室", "庄", "园", "堂", "所",
)  # fmt: skip

INDIVIDUAL_BUSINESS_PREFIX = "92"


def is_individual_business(uscc: str) -> bool:
    """个体工商户 (registration authority 9, type 2): the operator is a natural person."""
    return uscc.strip().upper().startswith(INDIVIDUAL_BUSINESS_PREFIX)


def _stars(text: str) -> str:
    return "*" * len(text)


def public_uscc(uscc: str) -> str:
    """The credit code as published: in full for an organisation; 8 + ****** + 4 for a 个体工商户."""
    uscc = uscc.strip()
    if not is_individual_business(uscc):
        return uscc
    if len(uscc) < 12:  # not a valid code: keep only the kind
        return uscc[:2] + _stars(uscc[2:])
    return uscc[:8] + _stars(uscc[8:-4]) + uscc[-4:]


def public_person_name(name: str) -> str:
    """A natural person's name: the first character, the rest ``*`` (张三丰 → 张**)."""
    name = name.strip()
    return name[:1] + _stars(name[1:])


def public_business_name(name: str) -> str:
    """A 个体工商户's name: the first character, ``*`` for the middle, the trade ending kept
    (巫溪县张三丰餐饮店 → 巫*****餐饮店; 李四 → 李*)."""
    name = name.strip()
    ending = max((e for e in TRADE_ENDINGS if name.endswith(e)), key=len, default="")
    if len(name) - len(ending) < 2:
        return public_person_name(name)
    return name[:1] + _stars(name[1 : len(name) - len(ending)]) + ending


@dataclass(frozen=True)
class PublicParty:
    name: str
    uscc: str
    redacted: bool  # the party is a natural person (or a 个体工商户): the page says it was redacted


def public_party(*, name: str, uscc: str = "", natural_person: bool = False) -> PublicParty:
    """How a party is named on every public page, API and export (the rule above)."""
    if natural_person and not uscc:
        return PublicParty(public_person_name(name), "", True)
    if is_individual_business(uscc) or natural_person:
        return PublicParty(public_business_name(name), public_uscc(uscc), True)
    return PublicParty(name.strip(), uscc.strip(), False)
