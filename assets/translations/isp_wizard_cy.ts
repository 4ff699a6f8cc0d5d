<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="32"/>
        <source>About the information sharing wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="38"/>
        <source>Versions of the app, Python, Qt and the rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="39"/>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="39"/>
        <source>Copy these details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="40"/>
        <source>For a support request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="47"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="49"/>
        <source>Give these details when you report a problem: they say exactly which app and which rules you are using.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/about.py" line="56"/>
        <source>Copied.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="254"/>
        <source>YYYY-MM-DD, for example %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="257"/>
        <source>A date, written year-month-day</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="59"/>
        <source>Details for the record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="60"/>
        <source>Only the case reference is needed; fill in what applies. Anything left blank is printed as &apos;Not recorded&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="63"/>
        <source>Please correct this before signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="68"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="68"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="69"/>
        <source>Back to the review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="70"/>
        <source>&amp;Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="70"/>
        <source>Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="71"/>
        <source>&amp;Next: sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="71"/>
        <source>Next: sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="103"/>
        <source> (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="151"/>
        <source>DD/MM/YYYY, for example 31/03/2027</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="160"/>
        <source>Not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/details.py" line="163"/>
        <source>None, or not known</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GoldenRulesDialog</name>
    <message>
        <location filename="../../isp_wizard/gui/golden_rules.py" line="26"/>
        <location filename="../../isp_wizard/gui/golden_rules.py" line="30"/>
        <source>The seven golden rules</source>
        <translation type="unfinished">Y saith rheol euraidd</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/golden_rules.py" line="39"/>
        <source>The golden rules could not be read: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/golden_rules.py" line="43"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="54"/>
        <source>*(Not yet confirmed by the partnership&apos;s legal adviser.)*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="76"/>
        <source>Ask when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="78"/>
        <source>*(placeholder: your council fills this in, in rules/contacts.yaml)*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="90"/>
        <source>Guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="92"/>
        <source>Why we ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="98"/>
        <source>The law and guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="95"/>
        <source>Whom to ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/markdown.py" line="101"/>
        <source>There is no extra guidance for this question. If you are unsure, ask your information governance lead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="45"/>
        <source>Sharing information about people: decide, record, sign</source>
        <translation>Rhannu gwybodaeth am bobl: penderfynu, cofnodi, llofnodi</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="46"/>
        <source>Choose the situation you are in. The wizard asks questions one at a time, explains the law as it goes, and ends with a signed record of your decision.</source>
        <translation>Dewiswch y sefyllfa rydych ynddi. Mae’r dewin yn gofyn cwestiynau un ar y tro, yn esbonio’r gyfraith wrth fynd yn ei flaen, ac yn gorffen gyda chofnod wedi’i lofnodi o’ch penderfyniad.</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="53"/>
        <location filename="../../isp_wizard/gui/pages/home.py" line="54"/>
        <source>Not sure which applies? Start here</source>
        <translation>Ddim yn siŵr pa un sy’n berthnasol? Dechreuwch yma</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="55"/>
        <source>A few questions that point you to the right set of questions</source>
        <translation>Ychydig o gwestiynau sy’n eich cyfeirio at y set gywir o gwestiynau</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="58"/>
        <source>The seven golden rules</source>
        <translation>Y saith rheol euraidd</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="59"/>
        <source>The seven golden rules for sharing information, in short</source>
        <translation>Y saith rheol euraidd ar gyfer rhannu gwybodaeth, yn gryno</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="67"/>
        <source>Carry on where you left off</source>
        <translation>Parhau â’r hyn a ddechreuoch</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="72"/>
        <source>Decisions you can make</source>
        <translation>Penderfyniadau y gallwch eu gwneud</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="75"/>
        <source>Loading the rules…</source>
        <translation>Wrthi’n llwytho’r rheolau…</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="79"/>
        <source>Latest records</source>
        <translation>Cofnodion diweddaraf</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="80"/>
        <source>Open the register</source>
        <translation>Agor y gofrestr</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="103"/>
        <source>No decision trees could be loaded. See the message at the top of the window.</source>
        <translation>Nid oedd modd llwytho unrhyw goed penderfynu. Gweler y neges ar frig y ffenestr.</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="115"/>
        <source>Version %s</source>
        <translation>Fersiwn %s</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="117"/>
        <source>Start</source>
        <translation>Dechrau</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="117"/>
        <source>Start: %s</source>
        <translation>Dechrau: %s</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="138"/>
        <source>no case reference yet</source>
        <translation>dim cyfeirnod achos eto</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="140"/>
        <source>%1 — %2 — %3 answers, last changed %4</source>
        <translation>%1 — %2 — %3 ateb, newidiwyd ddiwethaf %4</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="145"/>
        <source>Resume</source>
        <translation>Ailddechrau</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="145"/>
        <source>Resume: %s</source>
        <translation>Ailddechrau: %s</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="149"/>
        <source>Discard</source>
        <translation>Gwaredu</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="149"/>
        <source>Discard draft: %s</source>
        <translation>Gwaredu’r drafft: %s</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="162"/>
        <source>Loading…</source>
        <translation>Wrthi’n llwytho…</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/home.py" line="164"/>
        <source>No records yet. Your signed decisions will be listed here.</source>
        <translation>Dim cofnodion eto. Bydd eich penderfyniadau wedi’u llofnodi yn cael eu rhestru yma.</translation>
    </message>
</context>
<context>
    <name>Judgement</name>
    <message>
        <location filename="../../isp_wizard/gui/widgets/common.py" line="76"/>
        <source>This wizard supports your professional judgement; it does not replace it. If the situation does not fit the questions, ask for advice.</source>
        <translation>Mae’r dewin hwn yn cefnogi eich barn broffesiynol; nid yw’n cymryd ei lle. Os nad yw’r sefyllfa’n cyd-fynd â’r cwestiynau, gofynnwch am gyngor.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="67"/>
        <source>TRAINING MODE — practice only. Records made now are marked as training and kept apart from real ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="71"/>
        <location filename="../../isp_wizard/gui/main_window.py" line="387"/>
        <source>&amp;Presentation view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="72"/>
        <source>Large text with the help beside the question, for a projector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="79"/>
        <source>&amp;Leave training mode…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="80"/>
        <source>Return to recording real decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="246"/>
        <source>The register cannot be read: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="258"/>
        <source>Cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="259"/>
        <source>These rules could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="277"/>
        <source>Cannot resume this draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="289"/>
        <source>Discard this draft?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="290"/>
        <source>The answers in this draft will be deleted. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="333"/>
        <source>Saved. Your draft is listed on Home.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="373"/>
        <source>Information sharing wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="374"/>
        <source>%s — TRAINING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="386"/>
        <source>End &amp;presentation view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="429"/>
        <source>Close the wizard?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="431"/>
        <source>Your answers so far are saved as a draft; you can carry on from Home next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/main_window.py" line="433"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/__init__.py" line="36"/>
        <source>&amp;Home</source>
        <translation>&amp;Cartref</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/__init__.py" line="38"/>
        <source>Re&amp;gister</source>
        <translation>Co&amp;frestr</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/__init__.py" line="40"/>
        <source>Se&amp;ttings</source>
        <translation>&amp;Gosodiadau</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/__init__.py" line="42"/>
        <source>S&amp;cenarios</source>
        <translation>&amp;Senarios</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/__init__.py" line="44"/>
        <source>Tree &amp;map</source>
        <translation>&amp;Map y goeden</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/__init__.py" line="46"/>
        <source>R&amp;ules</source>
        <translation>&amp;Rheolau</translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/__init__.py" line="48"/>
        <source>&amp;Partnership</source>
        <translation>&amp;Partneriaeth</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/treemap_page.py" line="26"/>
        <source>Tree map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/treemap_page.py" line="29"/>
        <source>Tree to draw</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MonitoringDialog</name>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="46"/>
        <source>Monitoring report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="49"/>
        <source>First day of the period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="51"/>
        <source>Last day of the period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="54"/>
        <source>Save the report as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="60"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="60"/>
        <source>Choose where to save the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="68"/>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="69"/>
        <source>&amp;To (included)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="70"/>
        <source>&amp;Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="80"/>
        <source>&amp;Make report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="81"/>
        <source>Make the monitoring report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="83"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="88"/>
        <source>Counts and categories of the register&apos;s real records made in the period, for the partnership board. No personal data is included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="132"/>
        <source>Save the monitoring report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="134"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="143"/>
        <source>The period ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="145"/>
        <source>Say where to save the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/monitoring_dialog.py" line="147"/>
        <source>There is no folder %s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../../isp_wizard/gui/framework.py" line="268"/>
        <source>There is a problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartnerInput</name>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="180"/>
        <source>Another organisation (not listed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="181"/>
        <source>Not in the partnership&apos;s list: its status under s115 is not known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="193"/>
        <source>A relevant authority under s115 of the Crime and Disorder Act 1998.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="196"/>
        <source>Not a relevant authority under s115: s115 alone does not allow sharing with them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="199"/>
        <source>Whether this is a relevant authority under s115 is not confirmed: ask your information governance lead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartnershipPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="86"/>
        <source>Partnership setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="88"/>
        <source>Contacts, partners, agreements and each tree&apos;s governance, as the rules folder holds them. Each change is checked as you type, shown before it is saved, and saved only if nobody else changed the file meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="97"/>
        <source>Edit &amp;entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="97"/>
        <source>&amp;Legal sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="112"/>
        <source>Edit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="115"/>
        <source>What to edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="116"/>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="116"/>
        <source>Partners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="117"/>
        <source>Agreements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="117"/>
        <source>Tree governance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="121"/>
        <source>Entry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="124"/>
        <source>Entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="129"/>
        <source>&amp;New entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="130"/>
        <source>Start a new entry of this kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="131"/>
        <source>Re&amp;move entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="132"/>
        <source>Remove this entry, if nothing else names it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="147"/>
        <source>Check and &amp;review the change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="148"/>
        <source>Check the whole rule pack with this change and show what will be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="150"/>
        <source>Undo &amp;typing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="151"/>
        <source>Put back the values the file holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="157"/>
        <source>What will be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="163"/>
        <source>The change to the file, line by line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="165"/>
        <source>Check and review a change to see it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="168"/>
        <source>&amp;Save the change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="169"/>
        <source>Write the change to the rules folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="201"/>
        <source>The rules could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="232"/>
        <source>Rules folder: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="256"/>
        <source>(a new entry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="457"/>
        <source>This change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="462"/>
        <source>Read the change below, then save it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="496"/>
        <source>Saved %s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="510"/>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="513"/>
        <source>This entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="522"/>
        <source>Legal facts not yet confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="525"/>
        <source>Legal facts not yet confirmed, each with its note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="531"/>
        <source>Confirmed by (name and role):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="534"/>
        <source>Confirmed by (name and role)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="536"/>
        <source>Con&amp;firm the chosen fact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="537"/>
        <source>Mark the chosen fact confirmed, and by whom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="544"/>
        <source>Approve trees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="546"/>
        <source>Approving writes each chosen tree&apos;s governance and files a signed rules approval record in the register: every tree and catalogue with its version and SHA-256, the facts confirmed and by whom, and those still unconfirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="563"/>
        <source>Your role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="564"/>
        <source>Next review (YYYY-MM-DD):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="565"/>
        <source>Passphrase of your signing identity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="574"/>
        <source>&amp;Approve and sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="575"/>
        <source>Write the chosen trees&apos; governance and file a signed rules approval record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="597"/>
        <source>Note: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="602"/>
        <source>Every legal fact the rules mark is confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="615"/>
        <source>Approve %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="628"/>
        <source>Choose a fact to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="641"/>
        <source>Confirmed %1 %2 in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="653"/>
        <source>Trees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="654"/>
        <source>tick the trees you approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="656"/>
        <source>Your role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="657"/>
        <source>say in what role you approve them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="662"/>
        <source>Next review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="663"/>
        <source>write the date as YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="684"/>
        <source>Approved and signed: the rules approval record is filed in the register (%s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/partnership.py" line="690"/>
        <source>Not done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartnershipPanel</name>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="58"/>
        <source>Partnership register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="59"/>
        <source>Password for %s (kept only until the app closes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="211"/>
        <source>Sending to the partnership register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="213"/>
        <source>Send &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="214"/>
        <source>Send to the partnership register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="217"/>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="219"/>
        <source>Show the partnership register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="221"/>
        <source>The records this login may see in the shared register, instead of this computer&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="250"/>
        <source>All records have been sent to the partnership register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="252"/>
        <source>1 record not yet sent to the partnership register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="254"/>
        <source>%d records not yet sent to the partnership register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="321"/>
        <source>Sending… %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartnershipSettings</name>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="75"/>
        <source>Partnership register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="76"/>
        <source>Records are always filed on this computer first; when the partnership&apos;s server is set here and can be reached, they are sent to it. No password is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="80"/>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="97"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="81"/>
        <source>register.partnership.example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="85"/>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="87"/>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="97"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="88"/>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="98"/>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="89"/>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="98"/>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="90"/>
        <source>Partnership CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="91"/>
        <source>The CA file IT gave you (.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="92"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="92"/>
        <source>Choose the CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="100"/>
        <source>Partnership CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="102"/>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="102"/>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="120"/>
        <source>The partnership&apos;s CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="122"/>
        <source>Certificates (*.pem *.crt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="155"/>
        <source>Give the server and the database first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/partnership.py" line="158"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsBanner</name>
    <message>
        <location filename="../../isp_wizard/gui/widgets/banner.py" line="26"/>
        <source>The other decision trees work as normal. Ask whoever looks after your council&apos;s rules to fix these:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/banner.py" line="41"/>
        <source>Problems with the rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/banner.py" line="51"/>
        <source>Some rules could not be loaded: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/banner.py" line="53"/>
        <source>There are problems with the rules</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuestionPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="88"/>
        <source>← &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="88"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="89"/>
        <source>Back to the previous question (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="97"/>
        <source>Route so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="102"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="114"/>
        <source>&amp;Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="114"/>
        <source>Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="115"/>
        <source>Keep your answers as a draft and return to Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="117"/>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="117"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="118"/>
        <source>Back to the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="119"/>
        <location filename="../../isp_wizard/gui/pages/question.py" line="246"/>
        <source>&amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="119"/>
        <location filename="../../isp_wizard/gui/pages/question.py" line="248"/>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="120"/>
        <source>Answer and go on (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="128"/>
        <source>Help for this question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="225"/>
        <source>Your answers could not be saved as a draft (%s). Keep this window open; the next answer tries again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="246"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="247"/>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="274"/>
        <source>Question %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/question.py" line="276"/>
        <source>Question %1. At least %n more question(s) after this one.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="291"/>
        <source>This is the first question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="306"/>
        <source>Go back to: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/question.py" line="381"/>
        <source>… and %n more.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="383"/>
        <source>Change this answer?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="384"/>
        <source>Changing this answer means these later answers no longer apply and will be cleared:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="385"/>
        <source>Change the answer?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="417"/>
        <source>Choose one of the answers to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/question.py" line="418"/>
        <source>Please check your answer: %s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="59"/>
        <source>Case reference contains…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="60"/>
        <source>Filter by case reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="63"/>
        <source>Filter by decision tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="66"/>
        <source>Filter by decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="67"/>
        <source>Any decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="72"/>
        <source>Since YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="73"/>
        <source>Filter: made on or after this date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="89"/>
        <source>Records in the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="104"/>
        <source>&amp;Verify selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="104"/>
        <source>Verify selected record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="105"/>
        <source>Verify &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="105"/>
        <source>Verify the whole register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="106"/>
        <source>&amp;Open PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="106"/>
        <source>Open the selected record&apos;s PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="107"/>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="107"/>
        <source>Export the register as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="114"/>
        <source>&amp;Monitoring report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="114"/>
        <source>Make the monitoring report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="115"/>
        <source>The partnership board&apos;s report for a period: counts and categories, no personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="119"/>
        <source>Open the re&amp;port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="120"/>
        <source>Open the monitoring report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="126"/>
        <source>Making the monitoring report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="143"/>
        <source>Verification result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="145"/>
        <source>Verification results appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="167"/>
        <source>Training register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="168"/>
        <source>Register of decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="193"/>
        <source>The register cannot be read: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="202"/>
        <source>1 record shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="203"/>
        <source>%d records shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="213"/>
        <source>Any decision tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="242"/>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="249"/>
        <source>Select a record first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="265"/>
        <source>NOT TRUSTED: the PDF is intact, but it is signed by %1, %2, whom this computer does not trust (anyone can make an identity with any name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="272"/>
        <source>The PDF is intact and its signature is valid (signed by %1, %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="277"/>
        <source>PROBLEM: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="278"/>
        <source>not intact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="279"/>
        <source>REGISTER: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="281"/>
        <source>The register entry matches the PDF and the chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="294"/>
        <source>The register is empty: nothing to verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="299"/>
        <source>All %d entries verified: the chain is unbroken and every PDF matches its entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="302"/>
        <source>%d problem(s) found:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="308"/>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="319"/>
        <source>Could not verify: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="326"/>
        <source>Export the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="328"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="335"/>
        <source>Could not export: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="337"/>
        <source>Exported %1 entries to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="369"/>
        <source>Making the monitoring report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="383"/>
        <source>Monitoring report saved as %1: %2 records from %3 to %4, %5 breaches, %6 past their review date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="388"/>
        <source>Note: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/register_view.py" line="394"/>
        <source>Could not make the monitoring report: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="99"/>
        <location filename="../../isp_wizard/gui/pages/review.py" line="121"/>
        <source>The outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="104"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="104"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="105"/>
        <source>Back to the last question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="106"/>
        <source>&amp;Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="106"/>
        <source>Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="111"/>
        <source>&amp;Record this decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="112"/>
        <source>Record this decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="113"/>
        <source>Go on to enter the details of the record and sign it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="129"/>
        <source>Your answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="170"/>
        <source>The outcome: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="177"/>
        <location filename="../../isp_wizard/gui/pages/review.py" line="178"/>
        <source>Continue with: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="197"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="211"/>
        <source>Change: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="223"/>
        <source>Emergency: act first to protect people, then record what you shared and why as soon as you can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="230"/>
        <source>Reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="236"/>
        <source>Conditions to meet when you share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/review.py" line="239"/>
        <source>Whom to consult</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="57"/>
        <source>Decision trees in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="73"/>
        <source>Problems with the rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="74"/>
        <source>Show the &amp;map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="75"/>
        <source>Draw the chosen tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="79"/>
        <source>Rules in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="84"/>
        <source>Trees and &amp;problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="85"/>
        <source>What the scenarios &amp;cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="104"/>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="109"/>
        <source>What the scenarios cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="111"/>
        <source>Tree:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="114"/>
        <source>Tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="124"/>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="255"/>
        <source>Choose a tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="130"/>
        <source>What no scenario reaches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="133"/>
        <source>Outcome:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="136"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="141"/>
        <source>How is it &amp;reached?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="142"/>
        <source>How is this outcome reached?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="143"/>
        <source>Every route to the chosen outcome, in words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="154"/>
        <source>Routes to the outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="198"/>
        <source>Rules folder: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="205"/>
        <source>(not loaded: %s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="211"/>
        <source>%n error(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="212"/>
        <source>%n warning(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="213"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="218"/>
        <source>SHA-256 of the rule file: every record made from this tree carries it</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="226"/>
        <source>%n legal facts are not yet confirmed (isp-wizard rules validate --strict lists them).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="228"/>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="258"/>
        <source>questions and outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="258"/>
        <source>answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="259"/>
        <source>outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="260"/>
        <source>%1 of %2 %3 (%4 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="264"/>
        <source>%n scenario(s) of “%1” reach </source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="270"/>
        <source>No scenario reaches these %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="273"/>
        <source>Scenarios that could not be walked:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="276"/>
        <source>Every question, answer and outcome is reached by a scenario.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="292"/>
        <source>%n route(s) reach this outcome.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="293"/>
        <source>No route reaches this outcome: no answers lead here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../isp_wizard/gui/pages/rules_page.py" line="296"/>
        <source>… and %n more (isp-wizard rules how lists them all).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaveScenarioDialog</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="479"/>
        <source>Save as scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="485"/>
        <source>Scenario name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="487"/>
        <source>The case, as the trainee will read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="490"/>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="523"/>
        <source>Scenarios file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="497"/>
        <source>New file: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="498"/>
        <source>Another file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="503"/>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="504"/>
        <source>&amp;Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="505"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="506"/>
        <source>Expected outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="525"/>
        <source>YAML files (*.yaml *.yml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="542"/>
        <source>Give the scenario a name, the case text and a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="567"/>
        <source>Scenario saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="568"/>
        <source>Saved to %s. &apos;isp-wizard rules test&apos; now runs it; it appears in the library when the rules are next loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScenarioPlayer</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="95"/>
        <source>Search the scenarios…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="96"/>
        <source>Search the scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="101"/>
        <source>Scenarios, by decision tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="130"/>
        <source>Scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="131"/>
        <source>Choose a case, read it, and answer the questions as you would at work. At the end you see whether you reached the outcome the partnership expects, and if not, where your route left it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="137"/>
        <source>Save the &amp;finished walk as a scenario…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="138"/>
        <source>Add the walk you have just finished in the wizard to a scenarios file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="247"/>
        <source>&amp;Play this scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="248"/>
        <source>Read the case, then answer the questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="267"/>
        <source>How your route compares with the expected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="270"/>
        <source>Play &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="272"/>
        <source>&amp;Choose another scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="274"/>
        <source>Save as &amp;scenario…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="275"/>
        <source>Add this walk to a scenarios file, with the outcome you reached as the expected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="367"/>
        <source>Choose a scenario from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="390"/>
        <source>The case: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="429"/>
        <source>✓ You reached the expected outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="431"/>
        <source>✗ Your route reached a different outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/scenarios.py" line="436"/>
        <source>The scenario&apos;s own answers no longer fit the tree (%s); ask whoever maintains the rules to check it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="41"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="43"/>
        <source>Your signing identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="47"/>
        <source>&amp;Import a .p12 file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="48"/>
        <source>Import an identity file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="49"/>
        <source>Use the identity file your organisation issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="57"/>
        <source>Where things are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="61"/>
        <source>Rules folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="62"/>
        <source>The rules shipped with the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="63"/>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="70"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="63"/>
        <source>Choose the rules folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="65"/>
        <source>Use the shipped rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="69"/>
        <source>Records folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="70"/>
        <source>Choose the records folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="72"/>
        <source>Rules folder (a council can point at its own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="75"/>
        <source>Records folder (signed PDFs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="84"/>
        <source>Display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="90"/>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="92"/>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="107"/>
        <source>Text size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="93"/>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="95"/>
        <source>High-contrast colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="96"/>
        <source>Training mode (practice records, kept apart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="98"/>
        <source>Training mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="101"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="104"/>
        <source>&amp;Language (screens opened after saving use it; the whole app after a restart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="114"/>
        <source>&amp;Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="114"/>
        <source>Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="122"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="123"/>
        <source>&amp;About this app…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="123"/>
        <source>About this app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="124"/>
        <source>Versions of the app and of the rules, for support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="171"/>
        <source>No identity yet. You will be asked to create one when you first sign a record, or you can import your organisation&apos;s file now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="186"/>
        <source>Choose a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="195"/>
        <source>Import your identity file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="197"/>
        <source>Identity files (*.p12 *.pfx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="200"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="201"/>
        <source>The passphrase of this file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="211"/>
        <source>Identity imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="223"/>
        <source>The rules folder does not exist: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="242"/>
        <source>Settings saved. The %s translation is not installed, so the app stays in English (python3 dev.py app builds it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/settings.py" line="245"/>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignPage</name>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="60"/>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="68"/>
        <source>Sign and save the record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="80"/>
        <source>First, your signing identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="82"/>
        <source>Records are signed so anyone can check later that they have not been changed. Create your identity once: your name, job title and organisation, protected by a passphrase only you know. If your organisation gave you a .p12 file, import it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="91"/>
        <source>Your full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="92"/>
        <source>Your job title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="93"/>
        <source>Your organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="94"/>
        <source>Choose a passphrase (at least 8 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="95"/>
        <source>Type the passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="109"/>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="152"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="109"/>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="152"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="111"/>
        <source>&amp;Import a .p12 file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="112"/>
        <source>Import a .p12 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="113"/>
        <source>Use the identity file your organisation issued; type its passphrase above first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="117"/>
        <source>&amp;Create my identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="118"/>
        <source>Create my identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="133"/>
        <source>This record will be signed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="143"/>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="145"/>
        <source>Your passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="149"/>
        <source>The passphrase unlocks your signing key for this record only; it is not stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="154"/>
        <source>&amp;Sign and save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="154"/>
        <source>Sign and save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="167"/>
        <source>The record is signed and saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="171"/>
        <source>What to do now: share (or do not share) as decided, keeping to any conditions on the record; keep the signed PDF with the case file; and look again at the decision by its review date. Anyone can check the PDF has not been changed with &apos;Verify&apos; on the Register page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="183"/>
        <source>&amp;Open PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="183"/>
        <source>Open PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="184"/>
        <source>Show in &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="184"/>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="185"/>
        <source>Start &amp;another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="185"/>
        <source>Start another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="208"/>
        <source>Case %1: %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="213"/>
        <source>Training mode: the record is marked as training and kept apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="238"/>
        <source>Your signing identity expired on %1: ask your information governance lead for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="241"/>
        <source>Your signing identity expires on %1: ask your information governance lead for a new one before then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="277"/>
        <source>Fill in your name, job title and organisation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="282"/>
        <source>Choose a passphrase of at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="286"/>
        <source>The two passphrases are not the same. Type them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="294"/>
        <source>Creating your signing identity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="298"/>
        <source>Import your identity file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="299"/>
        <source>Identity files (*.p12 *.pfx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="304"/>
        <source>Type the passphrase of the file first, in the passphrase box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="311"/>
        <source>Checking and importing your identity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="328"/>
        <source>Type your passphrase to sign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="342"/>
        <source>Building and signing the record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="348"/>
        <source>Record %1
Saved as %2
In the register as entry %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="353"/>
        <source>Time-stamped for long-term validation (PAdES %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="356"/>
        <source>Time-stamp pending: %1. It is added later (at the next sync, or &apos;isp-wizard records upgrade&apos;); the record is signed and filed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="378"/>
        <source>No program on this computer opened it. The file is at: %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="412"/>
        <source>That passphrase does not open your identity. Try again; passphrases are case-sensitive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/pages/sign.py" line="417"/>
        <source>Something went wrong: %s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextInput</name>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="222"/>
        <source>Your answer (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="222"/>
        <source>Your answer (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/widgets/answer_inputs.py" line="224"/>
        <source>Ctrl+Enter when you have finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <location filename="../../isp_wizard/gui/training.py" line="28"/>
        <source>Leave training mode?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/training.py" line="29"/>
        <source>After this, decisions are recorded for real: records are signed, kept in the real register and are not marked as training.

Leave training mode?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TreeMap</name>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="591"/>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="592"/>
        <source>Other step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="594"/>
        <source>Your route so far</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TreeMapPanel</name>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="428"/>
        <location filename="../../isp_wizard/gui/treemap.py" line="482"/>
        <source>Ctrl+wheel or +/− to zoom, drag to move, 0 to fit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="430"/>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="430"/>
        <source>Zoom in (+)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="431"/>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="431"/>
        <source>Zoom out (−)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="432"/>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="432"/>
        <source>Show the whole tree (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="433"/>
        <source>Save as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="434"/>
        <source>Save the map as a picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="435"/>
        <source>Save as SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="436"/>
        <source>Save the map as a drawing for print or the web</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="453"/>
        <source>The chosen question and its help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="465"/>
        <source>Key to the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="483"/>
        <source>Click a question to open its page and help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="501"/>
        <source>Save the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="502"/>
        <source>PNG pictures (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="502"/>
        <source>SVG drawings (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="516"/>
        <source>The map was not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TreeMapView</name>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="178"/>
        <location filename="../../isp_wizard/gui/treemap.py" line="352"/>
        <source>Map of the decision tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="356"/>
        <location filename="../../isp_wizard/gui/treemap.py" line="364"/>
        <source>Arrow keys move from node to node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="360"/>
        <source>%1: node %2 of %3, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../isp_wizard/gui/treemap.py" line="363"/>
        <source>Enter opens its page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
