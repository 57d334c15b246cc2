"""Role nouns: the words for a person's role, office, rank or relation, per language and
purpose, in one place. The recognizers build their patterns and sets from these lists.

* BEFORE_NAME: a role noun right before a name ("Officer Kowalczyk", "Sachbearbeiterin
  Yilmaz"; person.py ``_ROLE_NAME``, ``_NAME_THE_ROLE``), read in either case; listed as
  whole word forms, a blank between the words of one noun ("case worker").
* AFTER_ADDRESS_TITLE: a noun after "Frau"/"Herr" that names a role, rank or relation and
  no surname ("Herr Pfarrer", "Frau Doktor"; person.py ``_role_noun``).
* MIGRATION_ROLES: people named in migration and court papers ("sponsor Kibrom Gebru",
  "Zeugin Letensae Abraha"; person.py ``RARE_PAIR_CUES``).
* APPOSITION_HEADS: last parts of German role nouns a name stands in apposition to ("der
  CSU-Politiker Straubinger"; role_apposition.py), in their base form (masculine singular,
  or the adjectival noun's "-e" form: "abgeordnete"); KIN_FORMS: relatives, friends and
  neighbours there, in all their forms.
"""

from __future__ import annotations

from collections.abc import Iterable

BEFORE_NAME: dict[str, tuple[str, ...]] = {
    "en": tuple(
        word.replace("_", " ")
        for word in """
        agent officer caseworker case_worker adviser advisor nurse constable sergeant
        inspector detective councillor counsellor midwife caretaker interpreter headteacher
        head_teacher teacher support_worker key_worker social_worker warden
        reverend pastor imam rabbi sister matron
        """.split()
    ),
    "de": tuple(
        """
        sachbearbeiter sachbearbeiterin kollege kollegin betreuer betreuerin sozialarbeiter
        sozialarbeiterin berater beraterin hausmeister hausmeisterin dolmetscher
        dolmetscherin pfarrer pfarrerin kommissar kommissarin erzieher erzieherin pfleger
        pflegerin hebamme
        """.split()
    ),
}
AFTER_ADDRESS_TITLE: dict[str, frozenset[str]] = {
    "de": frozenset(
        """
        Doktor Pfarrer Lehrer Nachbar Ober Kollege Minister Vorsitzende Vorsitzender
        Abgeordnete Abgeordneter Kanzler Hauptmann Oberst General Pater Vater Mutter Bruder
        Schwester Gott Graf Fürst König Prinz Kaiser Baron Papa Mama Kapitän Botschafter
        Staatssekretär Bischof Kardinal Chef Kommissar Inspektor Sachbearbeiter Vermieter
        Betreuer Beamte Beamter Richter Schaffner Pfleger Kunde Patient Gast Wirt Nachbarn
        Kollegen
        """.split()
    ),
}
MIGRATION_ROLES: dict[str, frozenset[str]] = {
    "en": frozenset("sponsor wife husband witness witnesses appellant claimant".split()),
    "de": frozenset("zeuge zeugin zeugen".split()),
}
APPOSITION_HEADS: dict[str, frozenset[str]] = {
    "de": frozenset(
        """
        politiker minister präsident kanzler bürgermeister abgeordnete vorsitzende sprecher
        senator gouverneur botschafter diplomat kandidat sekretär kommissar premier landrat
        funktionär gewerkschafter aktivist lobbyist vertreter beauftragte delegierte
        staatsanwalt anwalt anwält richter notar jurist ermittler polizist beamte inspektor
        kläger beklagte angeklagte verdächtige zeuge täter
        chef boss manager direktor leiter führer unternehmer gründer investor banker ökonom
        analyst berater inhaber eigentümer besitzer mitarbeiter angestellte vorstand
        trainer spieler stürmer torwart torhüter keeper verteidiger kapitän profi fahrer
        läufer schwimmer boxer turner sprinter athlet olympiasieger schütze coach
        kollege legende
        regisseur schauspieler sänger musiker komponist dirigent pianist gitarrist geiger
        cellist schlagzeuger bassist rapper künstler maler bildhauer fotograf architekt
        designer autor schriftsteller dichter lyriker dramatiker journalist reporter
        korrespondent redakteur moderator kolumnist kritiker produzent verleger herausgeber
        kabarettist komiker entertainer star tänzer choreograf zeichner illustrator
        filmemacher liedermacher intendant
        professor forscher wissenschaftler historiker physiker chemiker mathematiker biologe
        soziologe psychologe philosoph theologe politologe archäologe mediziner arzt ärzt
        chirurg psychiater ingenieur erfinder astronaut experte
        bischof pfarrer papst kardinal priester pastor rabbiner imam mönch
        general offizier soldat kommandeur admiral oberst leutnant hauptmann feldmarschall
        könig kaiser prinz prinzessin herzog
        """.split()
    ),
}
# No feminine "-in" of their own: "Tantin" is none, and "Konstantin" ends so.
KIN_FORMS: dict[str, frozenset[str]] = {
    "de": frozenset(
        """
        tante tanten onkel onkels cousin cousins cousine cousinen neffe neffen nichte nichten
        schwester schwestern bruder bruders brüder brüdern sohn sohnes sohns söhne söhnen
        tochter töchter töchtern mutter vater vaters väter enkel enkels enkeln enkelin
        enkelinnen schwager schwagers schwägerin witwe witwer freund freundes freunde
        freunden freundin freundinnen nachbar nachbarn nachbarin nachbarinnen
        oma omas opa opas
        """.split()
    ),
}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (plain letters), longest first, a blank inside a
    word matching a blank or a tab."""
    return "|".join(word.replace(" ", r"[ \t]") for word in sorted(words, key=lambda w: -len(w)))
