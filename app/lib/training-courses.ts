// What an activity may be a 養成講座 of (the activity form's choice; the database's CHECK list).
import { trainingCourses, type TrainingCourse } from "#db/indicator-codes";

export { trainingCourses, type TrainingCourse };

export function isTrainingCourse(value: string): value is TrainingCourse {
  return (trainingCourses as readonly string[]).includes(value);
}
