#!/usr/bin/python3
"""Build municipalities.csv (2020 Population Census of Japan, one row per
municipality / special ward / designated-city ward, with a representative point).

Provenance documentation, not run in CI. Standard library only.

Usage:
    build_municipalities.py CENSUS_MIRROR ADDRESSES_MIRROR ROMAJI_MIRROR [OUT_CSV]

  CENSUS_MIRROR     git dir of YutoKamei/dstokuron_kamei (holds the raw e-Stat API
                    response data/statsData_0003433219.json)
  ADDRESSES_MIRROR  git dir of geolonia/japanese-addresses (api/ja/<pref>/<city>.json,
                    town-level representative points)
  ROMAJI_MIRROR     git dir of piuccio/open-data-jp-municipalities (municipalities.json,
                    romaji names and GSI gazetteer points, used for names and as a check)
  OUT_CSV           default: municipalities.csv next to this script

e.g. build_municipalities.py /work/.mirror/YutoKamei+dstokuron_kamei/repo \
         /work/.mirror/geolonia+japanese-addresses/repo \
         /work/.mirror/piuccio+open-data-jp-municipalities/repo

What it does:
  1. Reads every census area of e-Stat table 0003433219 (cat01 = 0, both sexes).
     Keeps level-4 areas (cities, towns, villages, the 23 special wards) and the
     wards of designated cities (level 5, parent = a level-4 "xx1x0" city); drops the
     designated cities themselves, the "特別区部" aggregate (13100), prefectures and
     the national total, so nobody is counted twice.
  2. Hamamatsu keeps its seven 2020 wards (22131-22137); they were reorganised into
     three wards on 2024-01-01, and the geolonia snapshot used (2024-01-15) still
     lists the seven old ones, so the names match. A newer snapshot would not.
  3. Representative point = arithmetic mean of the representative points of all
     大字・町丁目 (oaza / chome) entries that geolonia lists for that municipality or ward
     (MLIT 位置参照情報 based). Matched by prefecture and name; a town or village
     name in geolonia carries its county (郡) prefix, which is stripped for matching,
     and ヶ/ケ are treated as equal (龍ケ崎市 / 龍ヶ崎市). Where geolonia has no entry
     (利島村, which has no 大字), the GSI gazetteer point is used.
  4. Names: romaji from piuccio (GSI Gazetteer of Japan) where its 5-digit code and
     kanji name equal the census ones; otherwise the census Japanese name.
  5. Prints checks: row count, national sum vs. the census total in the same table,
     per-prefecture sums vs. the prefecture rows of the same table, and the distance
     between each representative point and the GSI gazetteer point.
"""
import csv
import json
import math
import os
import subprocess
import sys
from collections import defaultdict

PREF_EN = ["Hokkaido", "Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima",
           "Ibaraki", "Tochigi", "Gunma", "Saitama", "Chiba", "Tokyo", "Kanagawa",
           "Niigata", "Toyama", "Ishikawa", "Fukui", "Yamanashi", "Nagano", "Gifu",
           "Shizuoka", "Aichi", "Mie", "Shiga", "Kyoto", "Osaka", "Hyogo", "Nara",
           "Wakayama", "Tottori", "Shimane", "Okayama", "Hiroshima", "Yamaguchi",
           "Tokushima", "Kagawa", "Ehime", "Kochi", "Fukuoka", "Saga", "Nagasaki",
           "Kumamoto", "Oita", "Miyazaki", "Kagoshima", "Okinawa"]

# Official final 2020 census totals (Statistics Bureau of Japan, 人口等基本集計,
# released 2021-11-30), for the report only. The CSV itself uses the preliminary
# counts of table 0003433219 (the only municipal table found in a public mirror).
FINAL_JAPAN = 126146099


def git_show(gitdir, path):
    return subprocess.run(["git", "--git-dir", gitdir, "show", "HEAD:" + path],
                          check=True, capture_output=True).stdout


def git_tree_blobs(gitdir, prefix):
    """{path: blob id} under prefix, at HEAD."""
    out = subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", "HEAD", prefix],
                         check=True, capture_output=True).stdout
    blobs = {}
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        blobs[path.decode("utf-8")] = meta.split()[2].decode()
    return blobs


def git_cat_blobs(gitdir, ids):
    """Contents of many blobs via one `git cat-file --batch`."""
    p = subprocess.run(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                       input=("\n".join(ids) + "\n").encode(), check=True,
                       capture_output=True).stdout
    res, i = {}, 0
    for oid in ids:
        nl = p.index(b"\n", i)
        header = p[i:nl].split()
        size = int(header[2])
        res[oid] = p[nl + 1:nl + 1 + size]
        i = nl + 1 + size + 1
    return res


def load_census(gitdir):
    d = json.loads(git_show(gitdir, "data/statsData_0003433219.json"))
    s = d["GET_STATS_DATA"]["STATISTICAL_DATA"]
    assert s["TABLE_INF"]["@id"] == "0003433219"
    areas = {}
    for c in s["CLASS_INF"]["CLASS_OBJ"]:
        if c["@id"] == "area":
            for a in c["CLASS"]:
                areas[a["@code"]] = a
    pop = {}
    for v in s["DATA_INF"]["VALUE"]:
        if v["@cat01"] == "0":
            val = v["$"]
            pop[v["@area"]] = int(val) if val.strip().lstrip("-").isdigit() else 0
    return areas, pop


def haversine_km(lat1, lon1, lat2, lon2):
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    census_git, addr_git, romaji_git = sys.argv[1:4]
    out_csv = sys.argv[4] if len(sys.argv) > 4 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "municipalities.csv")

    areas, pop = load_census(census_git)
    pref_name_ja = {c[:2]: a["@name"] for c, a in areas.items()
                    if a["@level"] == "2"}

    # 1. census units
    units = []  # (code, pref2, name_ja, population)
    parent_of = {c: a.get("@parentCode", "") for c, a in areas.items()}
    designated = {a["@parentCode"] for a in areas.values() if a["@level"] == "5"
                  and areas[a["@parentCode"]]["@level"] == "4"} - {"13100"}
    for code, a in sorted(areas.items()):
        lvl, parent = a["@level"], a.get("@parentCode", "")
        if code == "13100":           # 特別区部 aggregate
            continue
        if lvl in ("4", "6") and code not in designated:
            units.append([code, code[:2], a["@name"], pop.get(code, 0)])
        elif lvl == "5" and parent in designated:
            units.append([code, code[:2], a["@name"], pop.get(code, 0)])
        elif lvl not in ("1", "2", "4", "5", "6") or (lvl == "5" and parent not in designated):
            sys.exit(f"unexpected census area {code} {a}")
    units.sort()
    # sanity: designated-city sums equal their wards
    for dc in designated:
        wards = [u for u in units if parent_of.get(u[0]) == dc]
        assert sum(w[3] for w in wards) == pop[dc], (dc, pop[dc])

    # 3. geolonia town points
    blobs = git_tree_blobs(addr_git, "api/ja")
    contents = git_cat_blobs(addr_git, sorted(set(blobs.values())))
    pts = defaultdict(list)  # (pref_ja, city_ja) -> [(lat, lon)]
    for path, oid in blobs.items():
        _, _, pref_ja, fname = path.split("/", 3)
        city = fname[:-5]
        for t in json.loads(contents[oid]):
            if t.get("lat") is not None and t.get("lng") is not None:
                pts[(pref_ja, city)].append((float(t["lat"]), float(t["lng"])))
    by_pref = defaultdict(dict)
    for (pj, city), p in pts.items():
        by_pref[pj][city] = p

    def norm(x):  # 龍ケ崎市 / 龍ヶ崎市 etc.
        return x.replace("ヶ", "ケ").replace("ヵ", "カ")

    for pj in by_pref:
        by_pref[pj] = {norm(c): p for c, p in by_pref[pj].items()}

    def points_for(pref_ja, name):
        name = norm(name)
        cities = by_pref[pref_ja]
        if name in cities:
            return cities[name]
        cand = [c for c in cities if c.endswith(name) and "郡" in c[:-len(name)]
                and c[:-len(name)].endswith("郡")]
        if len(cand) == 1:
            return cities[cand[0]]
        raise KeyError((pref_ja, name, cand))

    # 4. romaji names + GSI points
    rom = {}
    for m in json.loads(git_show(romaji_git, "municipalities.json")):
        rom[m["code"][:5]] = m

    rows, dists, fallback_names, nopoints = [], [], 0, []
    for code, p2, name, n in units:
        pj = pref_name_ja[p2]
        try:
            p = points_for(pj, name)
        except KeyError:
            p = []
        r = rom.get(code)
        if p:
            lat = sum(q[0] for q in p) / len(p)
            lon = sum(q[1] for q in p) / len(p)
        elif r and r["name_kanji"] == name:   # e.g. 利島村: no 大字 at all
            lat, lon = float(r["lat"]), float(r["lon"])
            print(f"GSI gazetteer point used for {code} {name}")
        else:
            nopoints.append((code, name))
            continue
        if r and r["name_kanji"] == name:
            mname = r["name_romaji"]
            dists.append((haversine_km(lat, lon, float(r["lat"]), float(r["lon"])), code, name))
        else:
            mname = name
            fallback_names += 1
        rows.append((code, PREF_EN[int(p2) - 1], mname, f"{lat:.5f}", f"{lon:.5f}", n))
    if nopoints:
        sys.exit(f"no representative point for {nopoints}")

    with open(out_csv, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "prefecture", "municipality", "lat_deg", "lon_deg", "population"])
        w.writerows(rows)

    # 5. checks
    total = sum(r[5] for r in rows)
    print(f"rows {len(rows)}; Japanese-name fallbacks {fallback_names}")
    print(f"sum {total:,}; table 0003433219 national {pop['00000']:,}; "
          f"final census {FINAL_JAPAN:,} (diff {total - FINAL_JAPAN:+,}, "
          f"{100 * (total - FINAL_JAPAN) / FINAL_JAPAN:+.3f} %)")
    ps = defaultdict(int)
    for r in rows:
        ps[r[0][:2]] += r[5]
    bad = [(k, v, pop[k + "000"]) for k, v in sorted(ps.items()) if v != pop[k + "000"]]
    print("prefecture sums differing from the table's prefecture rows:", bad)
    dists.sort()
    if dists:
        med = dists[len(dists) // 2][0]
        p90 = dists[int(0.9 * len(dists))][0]
        print(f"distance to GSI gazetteer point: n={len(dists)} median {med:.1f} km, "
              f"p90 {p90:.1f} km, max {dists[-1][0]:.1f} km ({dists[-1][1]} {dists[-1][2]})")
        for d, c, nm in dists[-8:]:
            print(f"   {d:6.1f} km {c} {nm}")


if __name__ == "__main__":
    main()
