/** Which feature's handler table answers which commands (cloud/commands/run.ts joins them). */
export type OffboardingCommand = 'employee.offboard' | 'offboarding.cancel' | 'employee.rehire';
export type RetentionCommand = 'retention.setPolicy' | 'legalHold.place' | 'legalHold.release';
