/** Which feature's handler table answers which commands (cloud/commands/run.ts joins them). */
export type HolidayCommand = 'holidayCalendar.import' | 'holidayCalendar.remove';
export type OffboardingCommand = 'employee.offboard' | 'offboarding.cancel' | 'employee.rehire';
export type RetentionCommand = 'retention.setPolicy' | 'legalHold.place' | 'legalHold.release';
export type RequestCommand = 'request.register' | 'request.update' | 'request.extend' | 'request.verify' | 'request.refuse' | 'request.fulfil' | 'request.deliver' | 'subject.erase' | 'consent.withdraw' | 'request.pause' | 'request.resume';
export type IncidentCommand = 'incident.record' | 'incident.update' | 'incident.setAffected' | 'incident.setItems' | 'incident.logDeliveries' | 'incident.announce' | 'incident.reportRegulator' | 'incident.close';
