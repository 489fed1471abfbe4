from enum import StrEnum


class ExecutionRecordExecutionType(StrEnum):
    EXEC_LISTENER = "exec_listener"
    EXEC_LISTENER_BRIDGE = "exec_listener_bridge"
    EXEC_MANUAL = "exec_manual"
    EXEC_REMOTE = "exec_remote"
    EXEC_SCHED = "exec_sched"
    FIBER = "fiber"
    RETRY_MANUAL = "retry_manual"
    RETRY_SCHED = "retry_sched"
    SUB_PROCESS = "sub_process"
    TEST_MANUAL = "test_manual"
    TEST_SUB_PROCESS = "test_sub_process"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
