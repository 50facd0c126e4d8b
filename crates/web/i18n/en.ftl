# probatio: the officers' application in en. Task and flag grounds follow shared/spec/rule-texts.md.

app-name = Probation
nav-today = Today
nav-sign-out = Sign out
lang-switch = Language
login-title = Sign in
login-login = Login
login-password = Password
login-submit = Sign in
login-failed = Wrong login or password
login-throttled = Too many failed sign-ins: wait 15 minutes
login-expired = The form has expired: send it again
today-title = Today
today-as-of = As of
today-open = Open tasks
today-overdue = Overdue
today-due-today = Due today
today-cases = Cases
today-none = No open tasks
col-person = Person
col-card = Card no.
col-task = Task
col-due = Due
col-rule = Rule
col-flag = Flag
col-date = Date
no-due = no deadline
flags-title = Needs attention: flags
flags-none = No flags
overdue-mark = overdue
forbidden = This page is not for your role

## Task and opportunity names
task-initial-search = Initial search
task-registration = Registration
task-report = Reporting day
task-records-check = Records check
task-home-visit = Behaviour check
task-preventive-talk = Preventive talk
task-workplace-check = Workplace check
task-guardianship-check = Guardianship check
task-summon = Summons
task-warning = Written warning
task-submission-replace-with-imprisonment = Submission: replace with imprisonment
task-submission-extend-control = Submission: extend control
task-submission-cancel-conditional = Submission: cancel the conditional sentence
task-submission-declare-wanted = Submission: declare wanted
task-submission-cancel-deferral = Submission: cancel the deferral
task-submission-deferral-end = Submission: end of the deferral
task-submission-replace-correctional-works = Submission: replace correctional works
task-submission-release-disability = Submission: release on disability
task-notify-employer = Notify the employer
task-release-preparation = Release preparation
task-remove = Removal from the register
task-submission-early-cancellation = Submission: early cancellation

## Legal grounds (rule-texts.md)
ground-initial-search = The person did not appear in time: start initial search measures (Rules p.68, 76, 91)
ground-registration = Register within three working days of arrival (p.88)
ground-registration-cw = Bring into serving within 15 calendar days of the court's order arriving
ground-report = Reporting day: twice a month, once in rural areas (p.78)
ground-records-check = Monthly check of police and legal-statistics records (p.4, 65, 78)
ground-home-visit = Behaviour check at home and work at least once a month
ground-preventive-talk = Monthly preventive talk
ground-workplace-check = Check wage deductions at the workplace at least quarterly (act in two copies)
ground-guardianship-check = Quarterly home check with the guardianship body (act in three copies, p.89)
ground-summon = Summon within three working days of detecting the violation (p.71, 80, 94)
ground-warning = Hold a preventive talk and issue a written warning
ground-submission-replace-with-imprisonment = Within five working days of detection, a submission to replace restriction of freedom with imprisonment (p.72)
ground-submission-extend-control = A submission to extend probation control: at most one year, six months for minors (p.80, 81)
ground-submission-cancel-conditional = Within five working days of the written warning, a submission to cancel the conditional sentence (p.81)
ground-submission-declare-wanted = A submission to declare the person wanted and apply a preventive measure (p.82)
ground-submission-cancel-deferral = Within five working days, a submission to cancel the deferral (p.95)
ground-submission-deferral-end = Within five working days after the deferral ends, a submission to the court (p.97)
ground-submission-replace-correctional-works = Within 15 calendar days of detection, a submission to replace correctional works
ground-submission-release-disability = A submission to release from further serving a person recognised as disabled, group I or II
ground-notify-employer = Notify the employer in writing by the next working day: deductions stop
ground-release-preparation = One year before release, start the individual programme of social-legal assistance (Law art. 16)
ground-remove = Remove from the register once the term has passed (p.83)
ground-submission-early-cancellation = At least half the term has passed: for a person who has proven correction, a submission to cancel the conditional sentence and remove the conviction may be made (p.79)
flag-late = Done after its deadline
flag-unfulfilled = The measure ended with this duty undone
flag-missed-period = Not done in its period
flag-late-appearance = Did not come to register within ten days of the verdict entering into force (Law art. 15)
flag-late-arrival = Did not arrive within two weeks of release (p.91)
flag-enhanced-reporting = Reporting more than twice a month ("enhanced control") was removed from the law
flag-premature-submission = Submitted before half the term had passed
flag-oral-notice = A change of residence must be notified in writing (Law art. 15)
flag-extension-over-limit = The extension exceeds the legal limit
flag-not-eligible = This measure does not apply to this person
flag-oral-application = Pre-trial probation requires a written application (Law art. 13)
flag-testing-over-time = Testing must not exceed sixty minutes
flag-testing-afternoon = Testing takes place in the first half of the day
flag-testing-unqualified = Testing is done by a person with psychological or pedagogical education

## Navigation and common words
nav-caseload = My cases
yes = yes
no = no
any = any
cancel = Cancel
not-found-case = There is no such case in your territory

## Caseload
caseload-title = My cases
caseload-title-service = Cases of the service
caseload-search = Search by IIN or name
caseload-filter = Show
caseload-reset = Clear filters
caseload-none = No cases match
col-measure = Measure
col-status = Status
col-next-due = Next deadline
col-overdue = Overdue
col-flags = Flags
col-juvenile = Juvenile
page-prev = Previous
page-next = Next

## Measures and statuses
measure-restriction-of-freedom = Restriction of freedom
measure-conditional-sentence = Conditional sentence
measure-correctional-works = Correctional works
measure-community-service = Community service
measure-deferral = Deferral of serving the sentence
measure-activity-ban = Ban on holding a post or an activity
measure-pretrial = Pre-trial probation
measure-penitentiary = Penitentiary probation
measure-post-penitentiary = Post-penitentiary probation
status-awaiting-registration = Awaiting registration
status-active = Under supervision
status-wanted = Wanted
status-ended = Measure ended

## The case card
case-title = Case card
case-iin = IIN
case-birth = Born
case-sex = Sex
sex-male = male
sex-female = female
case-address = Address
case-rural = rural settlement
case-court = Court
case-verdict = Court decision no.
case-verdict-date = Date of the decision
case-in-force = In force since
case-received = Received by the service
case-term = Term
case-until = Deferred until
case-hours = Hours
case-release = Release date
case-additional = Additional punishments
case-officer = Officer
term-title = Term of the measure
term-start = Start
term-end = End
term-half = Half served
term-suspended = Days suspended
term-today = Today
term-none = The term has not started
case-agenda = What the law requires
case-opportunities = May be done
case-events = History
col-event = Event
col-details = Details
col-recorded = Recorded
col-reason = Reason
events-none = Nothing recorded yet
case-record = Record an event
record-for-task = Record

## Event types
event-verdict-received = Verdict received for execution
event-order-received = Court's order received
event-employer-received-verdict = Employer received the verdict
event-released = Released from the institution
event-arrived = Arrived at the service
event-registered = Registered
event-reporting-days = Reporting days set
event-reported = Came to report
event-missed-report = Missed a reporting day
event-records-check = Records checked
event-home-visit = Behaviour checked at home
event-preventive-talk = Preventive talk held
event-workplace-check = Workplace checked
event-guardianship-check = Checked with the guardianship body
event-violation = Violation detected
event-summoned = Summoned to the service
event-warning = Written warning issued
event-submission = Submission sent to court
event-initial-search-started = Initial search started
event-wanted-declared = Declared wanted by the court
event-search-ended = Search ended
event-term-extended = Control term extended
event-disability-recognised = Disability recognised
event-employer-notified = Employer notified
event-residence-changed = Change of residence reported
event-application = Pre-trial probation application
event-preventive-measure = Preventive measure applied
event-testing = Psycho-social testing
event-programme-started = Assistance programme started
event-removed = Removed from the register
event-void = Voided by a correction

## Fields of the forms
field-date = Date
field-kind = Kind of violation
field-purpose = Purpose of the submission
field-days = Days of the month
field-valid-reason = For a valid reason
field-months = Months
field-ground = Ground
field-group = Disability group
field-notice = Notice
field-form = Form
field-measure = Preventive measure
field-start = Start time
field-minutes = Duration, minutes
field-tester = Conducted by
violation-ordinary = Violation
violation-malicious = Malicious violation
violation-duty-failure = A duty set by the court not fulfilled
violation-hiding = Hiding from control
violation-public-order = Public-order offence
violation-child-care = Evading the care of the child
violation-refused-child = Refused the child
extension-violation = For a violation
extension-repeated = Repeated
form-written = Written
form-oral = Oral
pmeasure-house-arrest = House arrest
pmeasure-custody = Custody
pmeasure-other = Other
tester-psychology = Psychologist
tester-pedagogy = Teacher
tester-law = Lawyer
tester-other = Someone else

## Recording
record-title = Record an event
record-save = Save
record-saved = Saved. The tasks below are the engine's after this event.
record-closes = Closes the task
record-refused = Not saved
record-stale = The case changed while the form was open: check it and send again
record-confirm-title = The law does not allow this action
record-confirm-explain = If saved, it is recorded and flagged. State why it is recorded anyway.
record-reason = Reason
record-confirm = Save with this reason
record-reason-required = State the reason to save an action the law does not allow
field-required = required
field-days-format = days of the month 1–31, separated by commas
field-time-format = a time such as 09:30
caseload-total = { $count ->
    [one] { $count } case
   *[other] { $count } cases
}
field-number = a whole number from { $min } to { $max }
opportunity-from = from { $date }
page-range = { $from }–{ $to } of { $total }
term-years = { $n ->
    [one] { $n } year
   *[other] { $n } years
}
term-months = { $n ->
    [one] { $n } month
   *[other] { $n } months
}
term-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
field-days-hint = e.g. 5, 20

## The head of service's view
service-title = Service overview
service-unassigned = Not assigned
service-overdue-cases = Cases with overdue tasks
service-overdue-title = Overdue tasks by officer

## Registering a case
new-title = Register a case
new-find = Find the person by IIN or name
new-none-found = Nobody found in your territory: enter the person below
new-person-title = A person not yet in the register
new-person-submit = Enter the person
new-duplicate = A person with this IIN is already in the register under another territory: ask the regional administrator to open the case
new-decision = The court decision
new-case-submit = Open the case
new-term-format = a whole number of years, months, days
new-iin = IIN
new-surname = Surname
new-given-name = Given name
new-patronymic = Patronymic
new-latin-name = Name in Latin letters
new-birth-date = Date of birth
new-birth-place = Place of birth
new-sex = Sex
new-citizenship = Citizenship
new-line = Address
new-address = Address
new-since = Living there since
new-rural = Rural settlement
new-disability-group = Disability group
new-pregnant = Pregnant
new-sole-carer = Raises a child alone
new-military = In military service
new-children-birth-dates = Children's dates of birth (YYYY-MM-DD, separated by commas)
new-kind = Measure
new-juvenile = A minor when sentenced
new-term = Term
new-term-years = Years
new-term-months = Months
new-term-days = Days
new-until = Deferred until
new-release-date = Release date
new-hours = Hours of community service
new-verdict-in-force = Entered into legal force
new-court = Court
new-verdict-number = Court decision no.
new-verdict-date = Date of the decision
new-received-on = Received by the service
new-additional-punishments = Additional punishments
new-officer-id = Officer
new-person-id = Person
nav-new = Register a case

## Assignment and transfer
back = Back
transfer-title = Assignment and transfer
transfer-to = Receiving service (the person's new district)
transfer-reason = Ground: the new address
transfer-request = Request the transfer
transfer-waiting = Transfer requested; the file stays here until the receiving service confirms receipt (G8)
transfer-withdraw = Withdraw the request
transfer-incoming = Cases sent to the service: confirm receipt
transfer-receive = Confirm receipt
transfer-from = From
assign-title = Assigned officer
assign-submit = Assign
flags-older = { $count ->
    [one] One older flag is on its case card.
   *[other] { $count } older flags are on their case cards.
}

## Documents (issue 6)
event-document-issued = Document issued
doc-kind = Document
doc-number = No.
doc-receipt = Registration receipt
doc-warning = Written warning
doc-removal-certificate = Certificate of removal from the register
doc-submission = Submission to court
doc-inspection-act = Inspection act
doc-referral = Referral-certificate (community service)
doc-employer-notice = Notice to the main employer
doc-correctional-works-notice = Notice and instruction to the employer (correctional works)
doc-pretrial-report = Pre-trial report
doc-programme = Individual programme of social-legal assistance
docs-title = Documents
docs-offer = Documents for this case
docs-issued = Issued documents
docs-none = No document issued yet.
docs-issue = Issue the document
docs-lang = Language of the document
docs-download = Open the PDF
docs-missing = The document was not produced: these facts are missing
docs-from-register = from the register: correct it in the case or the person
docs-register = Facts from the register
docs-officer-part = Written by the officer
docs-lines-hint = One item a line
docs-saved = The document was issued and recorded in the case's log
docs-hash = SHA-256
docs-choose = Choose a document
docf-number = Document number
docf-issued-on = Issued on
docf-service = Probation service
docf-officer = Officer
docf-person-name = Name
docf-person-iin = IIN
docf-person-birth-date = Birth date
docf-person-address = Address
docf-case-card-number = Card number
docf-case-measure = Measure
docf-case-measure-label = Punishment
docf-case-court = Court
docf-case-verdict-number = Verdict number
docf-case-verdict-date = Verdict date
docf-case-in-force = In force since
docf-case-term = Term
docf-case-start = Term start
docf-case-end = Term end
docf-reporting-days = Reporting days
docf-violation-date = Violation date
docf-violation-label = Violation
docf-removed-on = Removed on
docf-submission-purpose = Purpose
docf-submission-court = To the court
docf-submission-facts = Facts (violations, missed reports, evasion)
docf-submission-measures-taken = Measures taken and their effect
docf-submission-attachments = Attachments (references, report, explanation)
docf-inspection-place = Place inspected
docf-inspection-period = Period
docf-inspection-participants = Participants
docf-inspection-findings = Findings
docf-work-organisation = Organisation
docf-work-employer = Employer
docf-work-hours = Hours
docf-work-deduction-percent = Deduction, %
docf-report-time = Written at
docf-report-place = Place
docf-report-author-post = Author's post
docf-report-birth-place = Birth place
docf-report-citizenship = Citizenship
docf-report-family = Family
docf-report-occupation = Occupation
docf-report-education = Education
docf-report-convictions = Prior convictions
docf-report-social = Social description
docf-report-test-results = Test results
docf-report-risk = Risk assessment
docf-report-followed-recommendations = Recommendations followed
docf-report-recommendations = Recommended duties and restrictions
docf-report-own-opinion = The person's own opinion
docf-programme-pretrial-report = 1. The pre-trial report's data (if any)
docf-programme-behaviour = 2. Behaviour in the institution
docf-programme-claims = 3. Claims paid or not
docf-programme-social-ties = 4. Social ties
docf-programme-health = 4. Health
docf-programme-education = 4. Education
docf-programme-skills = 4. Labour skills
docf-programme-rights-awareness = 4. Awareness of legal means
docf-programme-other = 4. Other information
docf-programme-measures = 5. Concrete measures before release
docf-programme-after-release = 6. After release (assistance, work, housing)
docs-prepare = Document
