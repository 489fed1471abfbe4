"""The built-in demo data set: fixed IDs and credentials, so demos, docs and tests can name them.

The same data ships as ``demo-data.yaml`` (an example of the file format :func:`load_state` reads);
a test keeps the two identical. The first runtime and listener reuse the IDs from the spec's
examples, so requests copied from the spec work against the fake as they are.
"""

from __future__ import annotations

from .state import (
    ERRORED,
    LISTENING,
    PAUSED,
    PRIVILEGE_API,
    PRIVILEGE_ATOM_MANAGEMENT,
    PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY,
    PRIVILEGE_VIEW_RESULT,
    Account,
    Environment,
    FakeState,
    Listener,
    Runtime,
    Schedule,
    User,
)

__all__ = [
    "DEMO_ACCOUNT_ID",
    "DEMO_API_TOKEN",
    "DEMO_MOLECULE_CONTAINER_ID",
    "DEMO_MOLECULE_NODES",
    "DEMO_OFFLINE_CONTAINER_ID",
    "DEMO_OTHER_ACCOUNT_ID",
    "DEMO_OTHER_PASSWORD",
    "DEMO_OTHER_USERNAME",
    "DEMO_OTP_SECRET",
    "DEMO_PASSWORD",
    "DEMO_PROD_CONTAINER_ID",
    "DEMO_PROD_DISABLED_PROCESS_ID",
    "DEMO_PROD_ENVIRONMENT_ID",
    "DEMO_PROD_LISTENER_ID",
    "DEMO_PROD_SCHEDULED_PROCESS_ID",
    "DEMO_READONLY_PASSWORD",
    "DEMO_READONLY_USERNAME",
    "DEMO_TEST_CONTAINER_ID",
    "DEMO_TEST_ENVIRONMENT_ID",
    "DEMO_TEST_LISTENER_ID",
    "DEMO_USERNAME",
    "demo_state",
]

DEMO_ACCOUNT_ID = "boomi-demo-000001"
DEMO_USERNAME = "demo@example.com"
DEMO_PASSWORD = "demo-password"  # noqa: S105 - published demo credential of the fake
DEMO_API_TOKEN = "demo-api-token-7f3a9c21e4b84d5f"  # noqa: S105 - published demo credential of the fake
#: The demo user's TOTP secret (base32), checked only under the ``totp`` profile.
DEMO_OTP_SECRET = "VHEIACIDFA6PPDOZTSMAOLOA5HD2LFVG"  # noqa: S105 - published demo credential of the fake

#: A user of the demo account with the API privilege only: reads work, changes answer 403.
DEMO_READONLY_USERNAME = "readonly@example.com"
DEMO_READONLY_PASSWORD = "readonly-password"  # noqa: S105 - published demo credential of the fake

#: A second account the demo users may not act for (403).
DEMO_OTHER_ACCOUNT_ID = "boomi-other-000002"
DEMO_OTHER_USERNAME = "other@example.com"
DEMO_OTHER_PASSWORD = "other-password"  # noqa: S105 - published demo credential of the fake

DEMO_PROD_CONTAINER_ID = "b2d4f6a8-1c3e-4a5b-8d7f-9e0a1b2c3d4e"
#: Scheduled processes on the Production Atom: one whose schedules run, and one stopped on purpose.
DEMO_PROD_SCHEDULED_PROCESS_ID = "5c94d512-4dfe-404b-b32a-8063259436f7"
DEMO_PROD_DISABLED_PROCESS_ID = "0e6a2d1c-7b3f-4f7e-9a51-3c2b8d4e6f10"
DEMO_PROD_LISTENER_ID = "3f1c2a9e-5b7d-4e21-9c0a-7d2e4b6f8a10"
DEMO_MOLECULE_CONTAINER_ID = "1d41e458-a793-53db-b438-85ec29c1ab7f"
#: Nodes of the demo Molecule; under the ``molecule`` profile each answers its own row.
DEMO_MOLECULE_NODES = 3
DEMO_OFFLINE_CONTAINER_ID = "f0093e19-59ed-5524-8a8c-f7138d6d1699"
#: Runtime reserved for contract runs: tests may pause and restart its one listener freely. The
#: listener is not a Web Services Server (wss) one, so every behaviour profile reports it.
DEMO_TEST_CONTAINER_ID = "732e9575-17d1-56c5-839e-ef7a2b728264"
DEMO_TEST_LISTENER_ID = "7594eaa7-1010-5d5e-a0a0-183ec46cfdf8"
#: Environments: "Production" holds the production Atom and the offline legacy Atom, "Test" the
#: Molecule and the contract-test Atom.
DEMO_PROD_ENVIRONMENT_ID = "5e0a6c7b-2f43-4a8e-9d1c-3b7e2a9f6d10"
DEMO_TEST_ENVIRONMENT_ID = "c81d3f25-7a6e-4b09-8e52-1f4d9a0b7c33"
DEMO_OTHER_ENVIRONMENT_ID = "0b7e91c4-5d28-4f6a-b3e1-92c04d8a1f57"


def demo_state() -> FakeState:
    """A fresh copy of the demo data set (each call returns independent objects)."""
    all_privileges = {PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT, PRIVILEGE_VIEW_RESULT}
    return FakeState(
        accounts=[
            Account(DEMO_ACCOUNT_ID, "Demo Account"),
            Account(DEMO_OTHER_ACCOUNT_ID, "Other Company"),
        ],
        users=[
            User(
                DEMO_USERNAME,
                password=DEMO_PASSWORD,
                api_tokens=[DEMO_API_TOKEN],
                accounts=[DEMO_ACCOUNT_ID],
                privileges=set(all_privileges),
                otp_secret=DEMO_OTP_SECRET,
            ),
            User(
                DEMO_READONLY_USERNAME,
                password=DEMO_READONLY_PASSWORD,
                accounts=[DEMO_ACCOUNT_ID],
                privileges={PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY},
            ),
            User(
                DEMO_OTHER_USERNAME,
                password=DEMO_OTHER_PASSWORD,
                accounts=[DEMO_OTHER_ACCOUNT_ID],
                privileges=set(all_privileges),
            ),
        ],
        runtimes=[
            Runtime(
                DEMO_PROD_CONTAINER_ID,
                "Production Atom (us-east)",
                DEMO_ACCOUNT_ID,
                kind="ATOM",
                listeners=[
                    Listener(DEMO_PROD_LISTENER_ID, "Orders web service listener", "wss"),
                    Listener("95987f23-d952-5b1c-9385-7243931f0f74", "Inventory JMS subscriber", "jms"),
                    Listener("66ff2508-a5fe-5094-a01a-e34bb20a0ac5", "Partner AS2 inbound", "as2"),
                    Listener("9c04362f-cceb-553a-b575-55a58245faa4", "Webhook receiver (HTTP)", "http"),
                ],
                schedules=[
                    Schedule(DEMO_PROD_SCHEDULED_PROCESS_ID, "Nightly order export"),
                    Schedule("8f1d3b6a-2c4e-4d5f-8a7b-9c0d1e2f3a4b", "Hourly inventory sync"),
                    Schedule(DEMO_PROD_DISABLED_PROCESS_ID, "Weekly partner report", enabled=False),
                ],
            ),
            Runtime(
                DEMO_MOLECULE_CONTAINER_ID,
                "Integration Molecule (eu-west)",
                DEMO_ACCOUNT_ID,
                kind="MOLECULE",
                nodes=DEMO_MOLECULE_NODES,
                listeners=[
                    Listener("f275232f-2285-544a-95cf-46861ae8e02f", "Invoices SFTP poller", "sftp"),
                    Listener("42417fd6-3de6-50cb-b586-3e8dd605afe6", "Shipping events JMS", "jms", PAUSED),
                    Listener("7781e7a2-ba6c-51ef-afd3-5e84ed6ab1dc", "Customer API (Web Services)", "wss", ERRORED),
                    Listener("a564b199-adda-5824-bd56-9b47221f39b1", "Mailbox intake", "mail"),
                    Listener("4afe134f-f5b2-54c7-993b-d1a6d255aab1", "Kafka order events", "kafka"),
                ],
            ),
            Runtime(
                DEMO_OFFLINE_CONTAINER_ID,
                "Legacy Atom (on-premises)",
                DEMO_ACCOUNT_ID,
                online=False,
                kind="ATOM",
                listeners=[
                    Listener("2d98d48a-fcda-570d-951f-41a9a8753258", "Nightly batch SFTP", "sftp"),
                    Listener("48161b31-0953-58b9-b7e0-5037358329be", "Legacy AS2 partner", "as2", LISTENING),
                ],
            ),
            Runtime(
                DEMO_TEST_CONTAINER_ID,
                "Contract test Atom",
                DEMO_ACCOUNT_ID,
                kind="ATOM",
                listeners=[Listener(DEMO_TEST_LISTENER_ID, "Contract test listener", "http")],
                schedules=[Schedule("c3a1e5f7-9b2d-4c6e-8f0a-1b3d5e7f9a2c", "Contract test schedule")],
            ),
            Runtime(
                "d1a61f9a-9e14-59bf-a691-df9df0099937",
                "Other Company Atom",
                DEMO_OTHER_ACCOUNT_ID,
                kind="ATOM",
                listeners=[Listener("03afe160-8db3-55d0-93f9-ad5fa58f914b", "Other Company HTTP listener", "http")],
            ),
        ],
        environments=[
            Environment(
                DEMO_PROD_ENVIRONMENT_ID,
                "Production",
                DEMO_ACCOUNT_ID,
                "PROD",
                [DEMO_PROD_CONTAINER_ID, DEMO_OFFLINE_CONTAINER_ID],
            ),
            Environment(
                DEMO_TEST_ENVIRONMENT_ID,
                "Test",
                DEMO_ACCOUNT_ID,
                "TEST",
                [DEMO_MOLECULE_CONTAINER_ID, DEMO_TEST_CONTAINER_ID],
            ),
            Environment(
                DEMO_OTHER_ENVIRONMENT_ID,
                "Other Company Production",
                DEMO_OTHER_ACCOUNT_ID,
                "PROD",
                ["d1a61f9a-9e14-59bf-a691-df9df0099937"],
            ),
        ],
    )
