"""English sentence banks for the benchmark corpus (written for the benchmark, not real mail).

Placeholders in braces are filled per message: {name} {first} {sender} {company} {project}
{invoice} {amount} {date} {days} {ticket} {weekday}.
"""

from __future__ import annotations

GREETINGS_FORMAL = ("Dear {name},", "Good morning {name},", "Hello {name},", "Dear {name}")
GREETINGS_INFORMAL = ("Hi {first},", "Hello {first},", "Hi {first}", "Good afternoon {first},")

OPENERS = (
    "Thank you for your message of {date}.",
    "I hope your week is going well.",
    "Thanks for getting back to me so quickly.",
    "I am writing about {project}.",
    "Following our call on {weekday}, here is a short summary.",
    "Thank you for the update on {project}.",
    "I wanted to follow up on my note from {date}.",
)

GENERIC = (
    "Please let me know if anything here is unclear.",
    "I have attached the latest version of the document for your records.",
    "Our team is available on {weekday} morning if a short call would help.",
    "You can reach me on this address or by phone during office hours.",
    "I have copied my colleague, who looks after the accounts for {company}.",
    "The full history of the request is in ticket {ticket}.",
    "We will confirm the details in writing once everything is agreed.",
    "If it is easier, we can go through the open points together on a call.",
    "I have added the notes from our last meeting at the end of this email.",
    "The shared folder has the signed copy and the two earlier drafts.",
    "Nothing else is needed from your side at this stage.",
    "I will send a short recap after we speak.",
    "Our office is closed on {date}, so replies may take a day longer that week.",
    "The contract reference is {invoice}, in case your finance team asks.",
    "I have checked the figures twice against the purchase order.",
    "We keep a record of every change in the project log.",
)

SCENARIOS: dict[str, tuple[str, ...]] = {
    "payment": (
        "Our records show that invoice {invoice} for {amount} was due on {date}.",
        "We have not yet received the payment, and it may simply have been missed.",
        "Could you check with your accounts team whether it has been scheduled?",
        "If the payment has already been sent, please ignore this reminder.",
        "A copy of the invoice is attached, with our bank details on the second page.",
        "We would appreciate payment within {days} days of this message.",
        "If you need to split the amount into two instalments, we can arrange that.",
        "Please send the remittance advice to this address once the transfer is made.",
        "The balance on the account is now {amount}.",
        "Let me know if the invoice needs a different purchase order number.",
    ),
    "complaint": (
        "Thank you for telling us about the problem with {project}.",
        "I understand that the delay caused trouble for your team last week.",
        "We have looked into what happened and found the cause.",
        "A configuration change on {date} stopped the nightly export from running.",
        "The export has been running again since {weekday}, and we are checking it every day.",
        "We have credited {amount} to your account for the days affected.",
        "I will call you on {weekday} to go through the changes we made.",
        "Your ticket number is {ticket}, and it stays open until you confirm the fix.",
        "We have added a check that warns us before the same thing can happen again.",
        "If you see anything else that looks wrong, please reply to this email.",
    ),
    "update": (
        "Here is the progress on {project} for this week.",
        "The design review is finished, and the changes are in the shared folder.",
        "Testing will start on {date} and should take about {days} days.",
        "We are on track for the delivery date we agreed in the contract.",
        "One open question remains about the data import, and I have listed it below.",
        "Could you confirm who on your side will sign off the final version?",
        "The next milestone is the handover session on {weekday}.",
        "Two of the five screens are ready for you to try on the test site.",
        "We moved the training session to {date} as you asked.",
        "The budget used so far is {amount}, within the estimate.",
    ),
    "scope": (
        "You asked whether we could add the reporting module to {project}.",
        "This is outside the scope of the current agreement, so it needs a change request.",
        "I have prepared an estimate of {days} working days, which comes to {amount}.",
        "The change would move the delivery date to {date}.",
        "If you prefer, we can deliver the current scope first and add the module later.",
        "Please have a look at the estimate and let me know which option suits you.",
        "Nothing changes in the existing plan until you approve the request.",
        "The estimate includes testing and one round of revisions.",
    ),
    "termination": (
        "After reviewing our workload, we have decided not to renew our agreement after {date}.",
        "We can no longer give {project} the attention it needs, which is the reason for this.",
        "Until {date} we will keep delivering everything in the current contract.",
        "By {date} we will hand over the files, the passwords and a written summary of open work.",
        "I would be happy to introduce you to another studio that works with firms like {company}.",
        "Thank you for the trust you have placed in us over these years.",
        "I would like to call you on {weekday} to talk this through in person.",
        "Any work paid in advance and not delivered will be refunded in full.",
    ),
    "meeting": (
        "Would {weekday} at ten work for a thirty minute call about {project}?",
        "I have sent an invitation with a video link, and the agenda is below.",
        "First, we will review the plan for the next quarter.",
        "Then we can agree on the priorities for the first release.",
        "Please bring the figures from your sales team if they are ready.",
        "If {weekday} does not suit you, any morning next week is fine for us.",
        "The meeting notes will be shared in the project folder afterwards.",
        "I will keep the call short, as I know your diary is full this month.",
    ),
}

CLOSINGS = (
    "Thank you for your help.",
    "Thanks again, and have a good week.",
    "I look forward to hearing from you.",
    "Many thanks for your time.",
    "Let me know if you have any questions.",
)

SIGNOFFS = ("Best regards,", "Kind regards,", "Regards,", "Best,", "Many thanks,", "All the best,")

PROBLEMS: dict[str, tuple[str, ...]] = {
    "hostile": (
        "Frankly, this is ridiculous and I am tired of chasing you.",
        "Pay the invoice by {date} or we will see you in court.",
        "I SHOULD NOT HAVE TO ASK FOR THIS AGAIN!!!",
        "Your team clearly has no idea what it is doing.",
        "Good luck finding anyone else who will put up with this.",
        "Just do your job and stop wasting our time.",
        "Honestly, what a joke this project has been.",
        "This is your final warning before we take further action.",
    ),
    "blame": (
        "You failed to send the purchase order we asked for in March.",
        "This delay is entirely your fault.",
        "As I told you before, the figures were wrong from the start.",
        "Per my last email, you never replied to our questions.",
        "Your mistake cost us two weeks of work.",
        "If you had read the contract, you would know this.",
        "You should have told us about the change much earlier.",
        "Because of your late approval, the launch slipped again.",
    ),
    "sugarcoating": (
        "I am so sorry, really so sorry, and I apologise again for all of this.",
        "It's not you, it's us, and we just feel we are not the right fit anymore.",
        "You are the best client we have ever had, but we have to end the contract.",
        "We would maybe possibly like to perhaps think about pausing things a little.",
        "Sorry to bother you, and sorry again for the trouble, I hate to ask.",
        "We hope you won't mind too much if we kind of step back from the project.",
        "I apologise for apologising so much, but I am truly sorry about this.",
    ),
    "opinion": (
        "I think your website is honestly a bit of a mess.",
        "Obviously the old design never worked.",
        "Everyone knows that a launch like this needs more time.",
        "In my opinion, your copy is sloppy and amateurish.",
        "I feel the brief was poorly written.",
        "Clearly the numbers you sent are useless.",
        "To be honest, your last campaign was mediocre at best.",
    ),
    "register": (
        "Gonna need those files asap, thx.",
        "Lol, that meeting was a total mess tbh.",
        "No worries, we'll sort it out, ur team rocks.",
        "Btw the invoice is still unpaid, pls check.",
        "Yeah nah, that's not gonna work for us.",
        "Cheers mate, ping me when it's done.",
        "FYI the deadline is kinda tight, lmk.",
    ),
    "contract": (
        "We are stopping all work on {project} effective immediately.",
        "We won't finish the remaining deliverables, regardless of the contract.",
        "As of today we are walking away from this engagement.",
        "We are dropping the project now and will not deliver the last phase.",
    ),
}

# Clauses chained into one sentence well over any sentence-length limit.
LONG_CLAUSES = (
    "we reviewed the schedule that your team sent on {date}",
    "we compared it with the plan that was agreed at the start of {project}",
    "we found that several of the dates no longer line up with the resources we have",
    "the design work has taken longer than anyone expected because of the extra rounds",
    "the test environment was not available for most of the week",
    "our developers had to wait for the data export before they could continue",
    "the budget for the second phase has already been used for the first",
    "we still believe that the launch can happen before the end of the quarter",
    "we would need your team to approve the remaining screens within {days} days",
    "any further change to the scope would push the launch into the next month",
)
LONG_JOINERS = (", and ", ", but ", ", so ", ", while ", ", because ")

FIRST_NAMES = (
    "Sarah", "James", "Priya", "Daniel", "Emma", "Oliver", "Aisha", "Thomas", "Grace", "Lucas",
    "Hannah", "Samuel", "Chloe", "Ethan", "Maya", "Noah", "Isla", "Ryan", "Zoe", "Adam",
)  # fmt: skip
SURNAMES = (
    "Carter", "Patel", "Okafor", "Nguyen", "Murphy", "Schmidt", "Lopez", "Walsh", "Kowalski",
    "Hughes", "Bennett", "Ahmed", "Fraser", "Lindqvist", "Moreau", "Reid", "Shaw", "Turner",
)  # fmt: skip
TITLES = ("Ms", "Mr", "Dr", "Mrs")
COMPANIES = (
    "Northwind Ltd", "Brightline Foods", "Harbour & Co", "Fernwood Dental", "Atlas Logistics",
    "Bluebell Hotels", "Quarry Lane Books", "Meridian Health", "Oakridge Builders", "Pixel Harbor",
)  # fmt: skip
PROJECTS = (
    "the website redesign", "the spring campaign", "the mobile app", "the booking system",
    "the brand refresh", "the data migration", "the newsletter", "the customer portal",
    "the annual report", "the online shop",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
CURRENCIES = ("$", "£", "€")
