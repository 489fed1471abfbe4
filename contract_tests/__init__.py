"""Contract tests: the effective spec checked against a Boomi target from both sides.

Provider tests (Schemathesis) check that the target answers as the spec says; consumer tests check
that the wrapper and the generated client send requests the spec allows; scenario tests check state
over several calls. The target is the embedded fake by default, or a Boomi test account with
``BOOMI_CONTRACT_TARGET=staging``. See README.md in this folder.
"""
