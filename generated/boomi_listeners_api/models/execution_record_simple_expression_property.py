from enum import StrEnum


class ExecutionRecordSimpleExpressionProperty(StrEnum):
    ACCOUNT = "account"
    ATOMID = "atomId"
    ATOMNAME = "atomName"
    EXECUTIONDURATION = "executionDuration"
    EXECUTIONID = "executionId"
    EXECUTIONTIME = "executionTime"
    EXECUTIONTYPE = "executionType"
    INBOUNDDOCUMENTCOUNT = "inboundDocumentCount"
    LAUNCHERID = "launcherId"
    MESSAGE = "message"
    NODEID = "nodeId"
    ORIGINALEXECUTIONID = "originalExecutionId"
    OUTBOUNDDOCUMENTCOUNT = "outboundDocumentCount"
    PROCESSID = "processId"
    PROCESSNAME = "processName"
    RECORDEDDATE = "recordedDate"
    REPORTKEY = "reportKey"
    STATUS = "status"

    def __str__(self) -> str:
        return str(self.value)
