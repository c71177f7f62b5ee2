// Payloads of the events the binding delivers, keyed by event ID.
import type { TypedParams } from './binding.js';
import { type DomainEventID, type NetworkEventID, type StoragePoolEventID } from './constants.js';

export interface LifecyclePayload {
  /** e.g. `DomainEventType.STARTED` */
  event: number;
  /** the matching *DetailType member */
  detail: number;
}

export interface DomainEventPayloads {
  [DomainEventID.LIFECYCLE]: LifecyclePayload;
  [DomainEventID.REBOOT]: Record<string, never>;
  [DomainEventID.RTC_CHANGE]: { utcoffset: number };
  [DomainEventID.WATCHDOG]: { action: number };
  [DomainEventID.IO_ERROR]: { srcPath: string | null; devAlias: string | null; action: number };
  [DomainEventID.IO_ERROR_REASON]: { srcPath: string | null; devAlias: string | null; action: number; reason: string | null };
  [DomainEventID.BLOCK_JOB]: { disk: string | null; type: number; status: number };
  [DomainEventID.BLOCK_JOB_2]: { disk: string | null; type: number; status: number };
  [DomainEventID.DISK_CHANGE]: { oldSrcPath: string | null; newSrcPath: string | null; devAlias: string | null; reason: number };
  [DomainEventID.TRAY_CHANGE]: { devAlias: string | null; reason: number };
  [DomainEventID.PMWAKEUP]: { reason: number };
  [DomainEventID.PMSUSPEND]: { reason: number };
  [DomainEventID.PMSUSPEND_DISK]: { reason: number };
  [DomainEventID.BALLOON_CHANGE]: { actual: bigint };
  [DomainEventID.DEVICE_REMOVED]: { devAlias: string | null };
  [DomainEventID.DEVICE_ADDED]: { devAlias: string | null };
  [DomainEventID.DEVICE_REMOVAL_FAILED]: { devAlias: string | null };
  [DomainEventID.TUNABLE]: { params: TypedParams };
  [DomainEventID.JOB_COMPLETED]: { params: TypedParams };
  [DomainEventID.AGENT_LIFECYCLE]: { state: number; reason: number };
  [DomainEventID.MIGRATION_ITERATION]: { iteration: number };
  [DomainEventID.METADATA_CHANGE]: { type: number; nsuri: string | null };
  [DomainEventID.BLOCK_THRESHOLD]: { dev: string | null; path: string | null; threshold: bigint; excess: bigint };
}
export type DomainEventId = keyof DomainEventPayloads;

export interface NetworkEventPayloads {
  [NetworkEventID.LIFECYCLE]: LifecyclePayload;
}
export type NetworkEventId = keyof NetworkEventPayloads;

export interface StoragePoolEventPayloads {
  [StoragePoolEventID.LIFECYCLE]: LifecyclePayload;
  [StoragePoolEventID.REFRESH]: Record<string, never>;
}
export type StoragePoolEventId = keyof StoragePoolEventPayloads;
