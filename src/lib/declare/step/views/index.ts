import type { Component } from 'svelte';
import type { StepName } from '../../steps';
import type { StepViewProps } from './types';
import DeclarantStep from './DeclarantStep.svelte';
import DocumentStep from './DocumentStep.svelte';
import PersonStep from './PersonStep.svelte';
import StayStep from './StayStep.svelte';
import AccommodationStep from './AccommodationStep.svelte';
import HostStep from './HostStep.svelte';
import GuardianStep from './GuardianStep.svelte';
import ContactStep from './ContactStep.svelte';

/** One view per step of steps.ts, in its order; the step page (StepPage.svelte) is their shell. */
export const STEP_VIEWS: Record<StepName, Component<StepViewProps>> = {
	declarant: DeclarantStep,
	document: DocumentStep,
	person: PersonStep,
	stay: StayStep,
	accommodation: AccommodationStep,
	host: HostStep,
	guardian: GuardianStep,
	contact: ContactStep
};
