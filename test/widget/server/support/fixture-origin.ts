export const ORIGIN_FIXTURE = 'http://fixture.test';
