import type { SubscribeRequest } from '../../shared/protocol/schemas';
import type { ShowLookup } from '../catalogue/catalogue';
import { AppError } from '../errors/app-error';

/** The sections a request names, checked against the show's venue. */
export function requestedSections(shows: ShowLookup, request: SubscribeRequest): number[] {
  const layout = shows.layout(request.showId);
  if (!layout) throw new AppError('SHOW_NOT_FOUND');
  if (request.sections === undefined) return [];
  if (request.sections === 'all') return layout.venue.sectionIds();
  const unique = [...new Set(request.sections)];
  const unknown = unique.find((id) => !layout.venue.section(id));
  if (unknown !== undefined) throw new AppError('SECTION_NOT_FOUND', { sectionId: unknown });
  return unique;
}
