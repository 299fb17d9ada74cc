"""What the tests send, to whom, and how a client trusts the fake's certificate."""

import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from fake_smtp import FakeSmtp

SENDER = "nudge@todo.example"
ANN = "ann@example.com"
BOB = "bob@example.com"


def trusting(fake: FakeSmtp) -> ssl.SSLContext:
    """A client's TLS context that trusts exactly the fake's certificate."""
    assert fake.certificate_pem is not None
    return ssl.create_default_context(cadata=fake.certificate_pem)


def letter(*to: str, subject: str = "Water the plants") -> EmailMessage:
    """A reminder as the services will send one: plain and HTML alternatives, unsubscribe."""
    message = EmailMessage()
    message["From"] = f"Todo Nudge <{SENDER}>"
    message["To"] = ", ".join(to or (ANN,))
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="todo.example")
    message["List-Unsubscribe"] = "<https://todo.example/unsubscribe/abc>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content("Water the plants.\nIt is urgent.\n")
    message.add_alternative("<p>Water the <b>plants</b>.</p>\n", subtype="html")
    return message
