"""The new units of the provinces our seeds touch, the old units of Bắc Ninh, and the crosswalk between maps."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

from .source import Source, SourceError

CHANGE = "2025-07-01"  # Nghị quyết 202/2025/QH15 and the 34 provinces' resolutions take effect
OUR_PROVINCES = ("12", "24", "51", "62")  # the old provinces of the seeds: Lai Châu, Bắc Giang, Quảng Ngãi, Kon Tum
EXTRA_OLD_PROVINCES = ("27",)  # old Bắc Ninh: merged into the new Bắc Ninh (24) with Bắc Giang
SHARE_DIGITS = 4
UNIT_COLUMNS = ["code", "name", "level", "parent", "valid_from", "valid_to"]
CROSSWALK_COLUMNS = ["old_code", "new_code", "share", "basis", "note"]
OLD_UNIT_COLUMNS = ["province_code", "province_name", "district_code", "district_name", "commune_code", "commune_name"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Parts:
    """Each (old unit, new commune) pair: the old unit's key, the new commune's key, the new commune's area
    when the old one was split (else NaN), and the new province's key."""

    frame: pd.DataFrame

    @classmethod
    def of(cls, source: Source, new_provinces: list[str]) -> Parts:
        whole = source.converter["DICT_PROVINCE_WARD_NO_DIVIDED"]
        divided = source.converter["DICT_PROVINCE_WARD_DIVIDED"]
        rows: list[tuple[str, str, str, float]] = []
        for province in new_provinces:
            rows += [(province, new, old, float("nan")) for new, olds in whole[province].items() for old in olds]
            for old, news in divided.get(province, {}).items():
                rows += [(province, new["newWardKey"], old, float(new["newWardAreaKm2"])) for new in news]
        return cls(pd.DataFrame(rows, columns=["new_province", "new_key", "old_key", "new_area"]))


def new_provinces_of(source: Source) -> list[str]:
    """Keys of the new provinces that took in any of our old provinces."""
    ours = set(source.legacy.loc[source.legacy["provinceCode"].isin(OUR_PROVINCES), "provinceKey"])
    return sorted(key for key, olds in source.converter["DICT_PROVINCE"].items() if ours & set(olds))


def coded_parts(source: Source, parts: Parts) -> pd.DataFrame:
    """The pairs with GSO codes: old commune (or district without communes), new commune and new province."""
    legacy = source.legacy.assign(
        old_key=source.legacy["provinceKey"] + "_" + source.legacy["districtKey"] + "_" + source.legacy["wardKey"]
    )
    if legacy["old_key"].duplicated().any():
        raise SourceError("the package's old units have duplicate keys")
    # A district without communes (Lý Sơn) is keyed with an empty commune and stands for itself.
    legacy["old_code"] = legacy["wardCode"].where(legacy["wardCode"] != "", legacy["districtCode"])
    renamed = {"provinceKey": "new_province", "wardKey": "new_key", "wardCode": "new_code"}
    renamed["provinceCode"] = "new_parent"
    new = source.new.rename(columns=renamed)[list(renamed.values())]
    frame = parts.frame.merge(legacy[["old_key", "old_code", "provinceCode"]], on="old_key", how="left")
    frame = frame.merge(new, on=["new_province", "new_key"], how="left")
    for column, what in (("old_code", "old unit"), ("new_code", "new commune")):
        unknown = frame[frame[column].isna()]
        if len(unknown):
            raise SourceError(f"the conversion names a {what} the package does not list: {unknown.iloc[0].to_dict()}")
    return frame.rename(columns={"provinceCode": "old_province"})


def shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Share 1 for whole communes; for a split one, the new communes' areas relative to each other, rounded so that
    the old commune's shares add up to exactly 1 (the last takes the rounding)."""
    split = frame["new_area"].notna()
    area_total = frame.groupby("old_code")["new_area"].transform("sum")
    rounded = (frame["new_area"] / area_total).round(SHARE_DIGITS).where(split, 1.0)
    last = split & ~frame.duplicated("old_code", keep="last")
    before_last = rounded.where(~last, 0.0).groupby(frame["old_code"]).transform("sum")
    return frame.assign(share=rounded.where(~last, (1 - before_last).round(SHARE_DIGITS)), split=split)


def new_units(source: Source, new_provinces: list[str]) -> pd.DataFrame:
    """Each new province, then its communes by code: communes sit directly under the province."""
    rows = source.new[source.new["provinceKey"].isin(new_provinces)].sort_values(["provinceCode", "wardCode"])
    out: list[tuple[str, str, str, str, str, str]] = []
    for code, group in rows.groupby("provinceCode", sort=True):
        out.append((str(code), nfc(group["province"].iloc[0]), "province", "", CHANGE, ""))
        communes = zip(group["wardCode"], group["ward"], strict=True)
        out += [(commune, nfc(name), "commune", str(code), CHANGE, "") for commune, name in communes]
    return pd.DataFrame(out, columns=UNIT_COLUMNS)


def old_units(source: Source, provinces: tuple[str, ...]) -> pd.DataFrame:
    """Old units of `provinces` in the layout of data/reference/units.csv (one row per commune)."""
    rows = source.legacy[source.legacy["provinceCode"].isin(provinces)]
    frame = pd.DataFrame(
        {
            "province_code": rows["provinceCode"],
            "province_name": rows["province"].map(nfc),
            "district_code": rows["districtCode"],
            "district_name": rows["district"].map(nfc),
            "commune_code": rows["wardCode"],
            "commune_name": rows["ward"].map(nfc),
        }
    )
    return frame.sort_values(["province_code", "district_code", "commune_code"]).reset_index(drop=True)


def old_names(reference_units: pd.DataFrame) -> dict[str, str]:
    """Names of old provinces, districts and communes by code (our reference's spelling first)."""
    names: dict[str, str] = {}
    for level in ("province", "district", "commune"):
        pairs = reference_units[[f"{level}_code", f"{level}_name"]].drop_duplicates()
        names |= {code: nfc(name) for code, name in zip(pairs.iloc[:, 0], pairs.iloc[:, 1], strict=True) if code}
    return names


def crosswalk(parts: pd.DataFrame, units: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Province rows (each old province wholly into its new one), then every old commune's rows by code."""
    new_names = dict(zip(units["code"], units["name"], strict=True))
    provinces = parts.drop_duplicates("old_province")
    province_rows = pd.DataFrame(
        {
            "old_code": provinces["old_province"],
            "new_code": provinces["new_parent"],
            "share": 1.0,
            "split": False,
        }
    )
    rows = pd.concat([province_rows, parts[["old_code", "new_code", "share", "split"]]], ignore_index=True)
    rows = rows.sort_values(["old_code", "new_code"], key=lambda s: s.str.len() * 10**6 + pd.to_numeric(s))
    arrow = rows["old_code"].map(names) + " → " + rows["new_code"].map(new_names)
    area_note = " (split; share = the new communes' areas relative to each other, not the parts' own areas)"
    return pd.DataFrame(
        {
            "old_code": rows["old_code"],
            "new_code": rows["new_code"],
            "share": rows["share"].map(lambda share: f"{share:g}"),
            "basis": rows["split"].map({True: "area", False: "whole"}),
            "note": arrow + rows["split"].map({True: area_note, False: ""}),
        }
    ).reset_index(drop=True)
