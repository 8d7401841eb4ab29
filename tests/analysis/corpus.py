"""Small, fixed consultation comments on a regional development strategy (regional utvecklingsstrategi).

Four clearly distinct themes, each mixing formal municipal register ("Kommunen tillstyrker
... och vill framhålla att ...") with companies, organisations and private persons' plain
words; a form letter (campaign) sent by six people with small changes; two identical
one-liners; and an English set on two of the themes.
"""

from __future__ import annotations

from analysis import Item

KOMMUN, PRIVAT, FORETAG, ORG, LAROSATE = "kommun", "privatperson", "företag", "organisation", "lärosäte"

TRANSPORT = [
    (
        "t01",
        KOMMUN,
        "Kommunen tillstyrker förslaget och vill framhålla att en utbyggd kollektivtrafik är avgörande "
        "för arbetspendlingen i östra länsdelen. Turtätheten på regionbusslinjerna behöver öka och tågstoppen i "
        "Björkvik och Ulvsäter bör finnas kvar i det kommande trafikförsörjningsprogrammet.",
    ),
    (
        "t02",
        PRIVAT,
        "Jag pendlar varje dag med buss till jobbet i stan och bussen är ofta försenad eller full. "
        "Det måste gå fler bussar på morgonen och kvällen, annars tar alla bilen.",
    ),
    (
        "t03",
        PRIVAT,
        "Tåget mellan Ulvsäter och residensstaden går alldeles för sällan. Med halvtimmestrafik "
        "skulle jag kunna sälja bilen och åka tåg till jobbet.",
    ),
    (
        "t04",
        FORETAG,
        "Som arbetsgivare med 300 anställda ser vi att många inte kan ta sig till våra lokaler utan bil. "
        "Busslinjerna till industriområdet borde anpassas efter skiftarbetets tider.",
    ),
    (
        "t05",
        KOMMUN,
        "Kommunstyrelsen ställer sig bakom målet om en sammanhållen region men saknar konkreta åtgärder "
        "för pendling över länsgränsen. Regionen bör verka för gemensamma biljettsystem och taxor med grannlänen så "
        "att resenärer kan byta mellan tåg och buss med en och samma biljett.",
    ),
    (
        "t06",
        PRIVAT,
        "Landsbygden glöms bort. Hos oss går skolbussen två gånger om dagen och sen är det inget. "
        "Anropsstyrd trafik och fler pendlarparkeringar vid hållplatserna vore en början.",
    ),
    (
        "t07",
        ORG,
        "Pensionärsföreningen vill påtala att många äldre saknar körkort och är helt beroende av "
        "färdtjänst och linjetrafik. Hållplatserna måste vara tillgängliga och tidtabellerna begripliga.",
    ),
    (
        "t08",
        KOMMUN,
        "Kommunen ser positivt på satsningen på regionala snabbusslinjer och vill betona vikten av att "
        "stationsorterna knyts samman med täta tågförbindelser. Restiden till Linköping är i dag för lång för att "
        "dagpendling ska vara ett realistiskt alternativ.",
    ),
    (
        "t09",
        PRIVAT,
        "Gör det billigare att åka kollektivt! Ett månadskort kostar nästan tusen kronor och det är "
        "dyrare än bensinen för min korta sträcka.",
    ),
    (
        "t10",
        FORETAG,
        "Pendeltågen borde gå även på helger och sena kvällar. Våra anställda inom handeln jobbar "
        "obekväma tider och kan inte förlita sig på kollektivtrafiken i dag.",
    ),
    (
        "t11",
        PRIVAT,
        "Jag håller med om att tågstoppet i Björkvik måste finnas kvar, men ännu viktigare är att "
        "bussarna till Norrköping går oftare på kvällarna.",
    ),
]

SKILLS = [
    (
        "k01",
        KOMMUN,
        "Kommunen tillstyrker förslaget och vill framhålla att kompetensförsörjningen är den största "
        "utmaningen för näringslivet. Yrkesutbildningarna inom vuxenutbildningen behöver dimensioneras efter "
        "arbetsmarknadens behov i samverkan med branscherna.",
    ),
    (
        "k02",
        FORETAG,
        "Vi har svårt att rekrytera svetsare, CNC-operatörer och elektriker. Regionen borde satsa mer "
        "på yrkeshögskoleutbildningar och lärlingsplatser så att ungdomar ser att det finns jobb inom industrin.",
    ),
    (
        "k03",
        PRIVAT,
        "Min dotter vill bli undersköterska men den närmaste utbildningen ligger åtta mil bort. Det "
        "borde finnas fler utbildningsplatser på distans eller här på orten.",
    ),
    (
        "k04",
        LAROSATE,
        "Högskolan delar bilden att regionens kompetensförsörjning kräver livslångt lärande. Vi vill "
        "utveckla fler korta kurser för yrkesverksamma och validering av utländska examina i samarbete med "
        "Arbetsförmedlingen.",
    ),
    (
        "k05",
        KOMMUN,
        "Kommunen saknar en tydlig plan för att möta lärarbristen. Andelen behöriga lärare i "
        "grundskolan är låg och regionen bör tillsammans med lärosätena öka antalet platser på lärarutbildningen.",
    ),
    (
        "k06",
        PRIVAT,
        "Jag kom till Sverige för fyra år sedan och är utbildad sjuksköterska, men det tar år att få "
        "legitimation. Snabbare validering och svenskundervisning för yrket skulle hjälpa både mig och vården.",
    ),
    (
        "k07",
        FORETAG,
        "Bristen på programmerare och systemutvecklare gör att vi anställer i andra länder. "
        "Gymnasieskolans teknikprogram och en yrkeshögskoleutbildning inom IT i länet skulle göra stor skillnad.",
    ),
    (
        "k08",
        ORG,
        "Förbundet vill lyfta att omställning och vidareutbildning för anställda som redan arbetar måste "
        "bli enklare. Studiemedel för äldre studerande och kompetensutveckling på arbetstid är centrala.",
    ),
    (
        "k09",
        PRIVAT,
        "Det är för många unga som hoppar av gymnasiet. Det behövs fler praktikplatser och bättre "
        "studie- och yrkesvägledning så att eleverna vet vilka jobb som finns.",
    ),
    (
        "k10",
        KOMMUN,
        "Kommunen ställer sig bakom inriktningen men vill understryka att vård- och "
        "omsorgsutbildningarna måste byggas ut. Utan fler utbildade undersköterskor och sjuksköterskor klarar vi "
        "inte kompetensförsörjningen i äldreomsorgen.",
    ),
]

HOUSING = [
    (
        "b01",
        KOMMUN,
        "Kommunen tillstyrker förslaget och vill framhålla att bristen på hyresrätter hämmar både "
        "inflyttning och rekrytering. Regionen bör verka för statliga investeringsstöd till bostadsbyggande även i "
        "mindre orter.",
    ),
    (
        "b02",
        PRIVAT,
        "Jag är 24 år och bor fortfarande hemma eftersom det inte finns en enda lägenhet att hyra. "
        "Bostadskön är på flera år.",
    ),
    (
        "b03",
        FORETAG,
        "Det kommunala bostadsbolaget vill peka på att byggkostnaderna har stigit kraftigt och att "
        "marknadsvärdet på nyproducerade bostäder på landsbygden ofta understiger produktionskostnaden. Bankerna "
        "beviljar därför inte lån till nya hus.",
    ),
    (
        "b04",
        KOMMUN,
        "Kommunen efterlyser en regional bostadsmarknadsanalys. Planberedskapen är god med flera "
        "detaljplaner klara för flerbostadshus, men byggherrarna saknas.",
    ),
    (
        "b05",
        PRIVAT,
        "Bygg fler små lägenheter och trygghetsboenden för äldre så att vi som bor i stora villor kan "
        "flytta och lämna husen till barnfamiljer.",
    ),
    (
        "b06",
        FORETAG,
        "Som byggföretag ser vi att långa handläggningstider för bygglov och detaljplaner försenar "
        "bostadsprojekt med flera år. Snabbare planprocesser skulle öka bostadsbyggandet.",
    ),
    (
        "b07",
        PRIVAT,
        "Hyrorna i nybyggda hus är så höga att vanliga människor inte har råd. Det behövs billiga "
        "hyreslägenheter, inte fler bostadsrätter.",
    ),
    (
        "b08",
        ORG,
        "Hyresgästföreningen vill lyfta att renoveringar av miljonprogrammets bostäder inte får leda till "
        "hyreshöjningar som tvingar hyresgäster att flytta från sina lägenheter.",
    ),
    (
        "b09",
        KOMMUN,
        "Kommunstyrelsen delar i huvudsak analysen men vill tillägga att nya bostadsområden behöver "
        "planeras så att fler kan bo nära service. Förtätning i centrala lägen bör prioriteras framför villatomter "
        "på åkermark.",
    ),
    (
        "b10",
        PRIVAT,
        "Vi hittade ett hus men fick inte lån av banken för att huset ligger på landet. Det är "
        "orimligt att man inte kan köpa ett hus och bo utanför tätorten.",
    ),
]

CLIMATE = [
    (
        "e01",
        KOMMUN,
        "Kommunen tillstyrker förslaget och vill framhålla att omställningen till förnybar energi är en "
        "möjlighet för länets näringsliv. Elnätets kapacitet måste byggas ut för att nya etableringar ska kunna "
        "anslutas.",
    ),
    (
        "e02",
        PRIVAT,
        "Sätt upp solpaneler på alla offentliga tak! Skolor och sporthallar har enorma takytor som "
        "kunde producera solel.",
    ),
    (
        "e03",
        FORETAG,
        "Vår industri vill elektrifiera produktionen men nätägaren säger att det inte finns kapacitet "
        "i elnätet förrän om åtta år. Det hotar hela investeringen.",
    ),
    (
        "e04",
        PRIVAT,
        "Vindkraftverken förstör landskapet och naturen. Vi som bor nära får buller och blinkande ljus "
        "men ingen del av vinsten från elproduktionen.",
    ),
    (
        "e05",
        KOMMUN,
        "Kommunen anser att målet om att halvera utsläppen av växthusgaser till 2030 är ambitiöst men "
        "nödvändigt. Regionen bör stödja kommunernas energi- och klimatrådgivning samt laddinfrastruktur för elbilar.",
    ),
    (
        "e06",
        ORG,
        "Naturskyddsföreningen saknar skarpa mål för minskade koldioxidutsläpp och skydd av biologisk "
        "mångfald. Klimatanpassning mot översvämningar och torka behöver lyftas fram.",
    ),
    (
        "e07",
        PRIVAT,
        "Elpriset har blivit helt galet. Regionen borde hjälpa villaägare med bidrag till bergvärme och "
        "solceller så vi kan bli mer självförsörjande på energi.",
    ),
    (
        "e08",
        FORETAG,
        "Energibolaget ser stor potential i biogas från lantbrukets gödsel och i fjärrvärme från "
        "spillvärme. Tillståndsprocesserna för ny elproduktion är dock alldeles för långa.",
    ),
    (
        "e09",
        KOMMUN,
        "Kommunstyrelsen vill lyfta att klimatanpassningen längs ån är kostsam. Kommunen behöver "
        "regionalt stöd för skyfallsplanering och skydd mot översvämningar när klimatet förändras.",
    ),
    (
        "e10",
        PRIVAT,
        "Jag tycker att klimatet måste vara högsta prioritet. Vi måste minska utsläppen av koldioxid nu "
        "och inte vänta till 2045.",
    ),
]

_LETTER = (
    "{hej}Jag skriver till er angående förslaget till regional utvecklingsstrategi. Tågstoppet i Björkvik måste "
    "finnas kvar. Utan tåget kan vi inte pendla till arbete och studier i Norrköping, och {familjer} kommer att "
    "flytta härifrån. Stationen är ortens livsnerv och en förutsättning för att landsbygden ska leva.{extra} "
    "Jag {kraver} att regionen skriver in tågstoppet i Björkvik i strategin och i trafikförsörjningsprogrammet. "
    "Med vänlig hälsning, {name}"
)


def _letter(name, hej="Hej! ", familjer="unga familjer", extra="", kraver="kräver"):
    return _LETTER.format(hej=hej, familjer=familjer, extra=extra, kraver=kraver, name=name)


# One form letter from six senders: a changed greeting, a changed word, an added sentence, another name.
CAMPAIGN = [
    ("c01", PRIVAT, _letter("Anna Lindqvist")),
    ("c02", PRIVAT, _letter("Erik Johansson", hej="Hej, ")),
    ("c03", PRIVAT, _letter("Maria Svensson", familjer="barnfamiljer")),
    ("c04", PRIVAT, _letter("Lars Berg", extra=" Jag har själv pendlat med tåget i tjugo år.")),
    ("c05", PRIVAT, _letter("Karin Nilsson", kraver="begär")),
    ("c06", PRIVAT, _letter("Olof Persson", hej="", extra=" Min son går på gymnasiet i Norrköping.")),
]

SHORT = [
    ("s01", PRIVAT, "Bra förslag!"),
    ("s02", PRIVAT, "Bra förslag!"),
]

ENGLISH_TRANSPORT = [
    (
        "en_t1",
        PRIVAT,
        "The bus service from the villages to the city is far too infrequent. I commute every day "
        "and often wait forty minutes for a bus in the cold.",
    ),
    (
        "en_t2",
        FORETAG,
        "As an employer we see that staff cannot reach our site by public transport. Regional "
        "trains and buses should run earlier in the morning to match shift work.",
    ),
    (
        "en_t3",
        PRIVAT,
        "Please keep the train stop in our town. Without the rail connection, commuting to work and "
        "university becomes impossible without a car.",
    ),
    (
        "en_t4",
        ORG,
        "Public transport tickets should be cheaper and valid across county borders so that commuters "
        "can change between trains and buses with one ticket.",
    ),
]

ENGLISH_HOUSING = [
    (
        "en_b1",
        PRIVAT,
        "There are no rental apartments available for young people. I have been in the housing "
        "queue for five years and still live with my parents.",
    ),
    (
        "en_b2",
        FORETAG,
        "Building costs have risen so much that new homes in small towns cannot be financed. Banks "
        "refuse mortgages for houses in rural areas.",
    ),
    (
        "en_b3",
        PRIVAT,
        "The municipality should build more affordable rental housing and small flats for elderly "
        "people so that families can move into the larger houses.",
    ),
    (
        "en_b4",
        ORG,
        "Planning permission and zoning processes take years, which delays new residential "
        "construction projects and keeps rents high.",
    ),
]

THEMES = {"transport": TRANSPORT, "skills": SKILLS, "housing": HOUSING, "climate": CLIMATE}

# Word stems a user would recognise as naming each theme (matched as substrings of the label).
THEME_STEMS = {
    "transport": ("kollektivtrafik", "buss", "pendl", "tåg", "hållplats", "resenär", "trafik"),
    "skills": ("kompetens", "utbild", "yrkes", "lärar", "validering", "gymnasi", "sköterska", "lärling"),
    "housing": ("bostad", "bostäder", "lägenhet", "hyr", "hus", "bygg", "detaljplan"),
    "climate": (
        "klimat",
        "energi",
        "elnät",
        "utsläpp",
        "solcell",
        "solpanel",
        "vindkraft",
        "översvämning",
        "förnybar",
        "elpris",
    ),
}

# A second, unrelated form letter (against a wind farm), five senders.
_WIND = (
    "Vi som bor runt {plats} säger nej till den planerade vindkraftsparken. Verken på 270 meter skulle synas över "
    "hela {vy}, störa fågellivet och sänka värdet på våra hus.{extra} Regionen måste respektera den lokala "
    "vetorätten och stryka {plats} som utpekat område för vindkraft. {name}"
)


def _wind(name, plats="Storskogen", vy="sjön", extra=""):
    return _WIND.format(name=name, plats=plats, vy=vy, extra=extra)


WIND_CAMPAIGN = [
    ("w01", PRIVAT, _wind("Gunnar Ek")),
    ("w02", PRIVAT, _wind("Sofia Ek", vy="dalen")),
    ("w03", PRIVAT, _wind("Per Åberg", extra=" Tänk på havsörnarna som häckar vid Storsjön.")),
    ("w04", ORG, _wind("Storskogens byalag")),
    ("w05", PRIVAT, _wind("Ingrid Holm", extra=" Vi flyttade hit för tystnaden.")),
]


def items(*groups) -> list[Item]:
    return [Item(id=i, text=text, source=source) for group in groups for i, source, text in group]


def ids(*groups) -> list[str]:
    return [i for group in groups for i, _source, _text in group]


def main_items() -> list[Item]:
    """The clear Swedish fixture: four themes, one six-sender campaign, two 'Bra förslag!'."""
    return items(TRANSPORT, SKILLS, HOUSING, CLIMATE, CAMPAIGN, SHORT)


def long_swedish_text(min_bytes: int = 200_000) -> str:
    """About 200 KB of varied Swedish on energy and climate (a long appendix to a remiss answer)."""
    sentences = [
        "Elnätets kapacitet i länet räcker inte för de nya industrietableringarna.",
        "Förnybar energi från sol, vind och biogas måste byggas ut i snabbare takt.",
        "Utsläppen av växthusgaser från transporter och industri ska halveras.",
        "Klimatanpassningen av samhället kräver skydd mot översvämningar och skyfall.",
        "Fjärrvärme från spillvärme och energieffektivisering i fastigheter minskar elbehovet.",
        "Solceller på offentliga tak kan ge kommunerna billig och lokal elproduktion.",
    ]
    parts, size, n = [], 0, 0
    while size < min_bytes:
        sentence = f"{sentences[n % len(sentences)]} (punkt {n + 1})"  # numbered points, as in real appendices
        parts.append(sentence)
        size += len(sentence.encode()) + 1
        n += 1
    return "Bilaga: Energi- och klimatplan.\n" + " ".join(parts)
