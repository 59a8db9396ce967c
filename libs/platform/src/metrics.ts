import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of this process (each instance is scraped on its own). */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ro_' });

export const remindersQueued = new Counter({
  name: 'ro_reminders_queued_total',
  help: 'e-COE reminder mails queued by this process',
  registers: [metricsRegistry],
});
export const mailsSent = new Counter({
  name: 'ro_mails_sent_total',
  help: 'Mails accepted by the SMTP server',
  labelNames: ['template'],
  registers: [metricsRegistry],
});
export const mailsFailed = new Counter({
  name: 'ro_mails_failed_total',
  help: 'Mail delivery attempts that failed (retried later or given up)',
  labelNames: ['template'],
  registers: [metricsRegistry],
});
